package com.gigsy.gamification.api;

import com.gigsy.gamification.api.auth.Caller;
import com.gigsy.gamification.api.auth.HttpAuthHandler;
import com.gigsy.gamification.api.auth.SocketAuth;
import com.gigsy.gamification.api.auth.TokenVerifier;
import com.gigsy.gamification.api.graphql.Transport;
import com.gigsy.gamification.core.GamificationConfig;
import graphql.GraphQL;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.graphql.GraphQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandlerOptions;
import io.vertx.ext.web.handler.graphql.ws.GraphQLWSHandler;
import org.dataloader.DataLoaderRegistry;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The HTTP surface (CONTRACT §5): GraphQL over HTTP and WebSocket, both authenticated; the SDL,
 * GraphiQL in dev mode, health and metrics, which are public.
 */
final class ApiRouter {

  /** Largest request body read (a GraphQL document with its variables). */
  static final long MAX_BODY_BYTES = 256 * 1024;

  static final String GRAPHQL = "/graphql";
  static final String SCHEMA = "/graphql/schema.graphql";

  private ApiRouter() {
  }

  /**
   * Reads the CORS origins and dev mode (GraphiQL) from the configuration.
   *
   * @param loaders a new registry of DataLoaders for each operation (loaders are stateful: one registry per request)
   */
  static Router create(Vertx vertx, GamificationConfig config, GraphQL graphQL, Supplier<DataLoaderRegistry> loaders,
                       String sdl, ReadinessProbe readiness, TokenVerifier verifier) {
    Router router = Router.router(vertx);
    router.route().failureHandler(new HttpFailureHandler(MAX_BODY_BYTES));

    router.get("/health/live").handler(rc -> json(rc, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(rc -> readiness.check()
      .onSuccess(result -> json(rc, "UP".equals(result.getString("status")) ? 200 : 503, result))
      .onFailure(rc::fail));
    router.get(MetricsEndpoint.PATH).handler(MetricsEndpoint.create(vertx));

    CorsPolicy.handler(config.corsOrigins()).ifPresent(handler -> {
      router.route(GRAPHQL).handler(handler);
      router.route(SCHEMA).handler(handler);
    });
    router.get(SCHEMA).handler(rc -> rc.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
      .end(sdl));

    // WebSocket upgrades of GET /graphql: authenticated by their connection_init message
    GraphQLWSHandler subscriptions = GraphQLWSHandler.builder(graphQL)
      .onConnectionInit(new SocketAuth(verifier))
      .beforeExecute(input -> input.builder()
        .dataLoaderRegistry(loaders.get())
        .graphQLContext(context(SocketAuth.caller(input.context().connectionParams()), Transport.WEBSOCKET)))
      .build();
    // plain HTTP: authenticated by the Authorization header
    HttpAuthHandler authentication = new HttpAuthHandler(verifier);
    GraphQLHandler graphQLHandler = GraphQLHandler.builder(graphQL)
      .beforeExecute(input -> input.builder()
        .dataLoaderRegistry(loaders.get())
        .graphQLContext(context(HttpAuthHandler.caller(input.context()), Transport.HTTP)))
      .build();
    router.get(GRAPHQL).handler(subscriptions).handler(authentication).handler(new GetMutationGuard()).handler(graphQLHandler);
    router.post(GRAPHQL).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(authentication)
      .handler(graphQLHandler);
    router.route(GRAPHQL).handler(rc -> {
      rc.response().putHeader(HttpHeaders.ALLOW, "GET, POST");
      rc.fail(405);
    });

    if (config.devMode()) {
      GraphiQLHandler graphiQL = GraphiQLHandler.create(vertx, new GraphiQLHandlerOptions().setEnabled(true));
      router.route("/graphiql*").subRouter(graphiQL.router());
    }
    return router;
  }

  private static Map<Object, Object> context(Caller caller, Transport transport) {
    Map<Object, Object> context = new HashMap<>();
    context.put(Transport.class, transport);
    if (caller != null) {
      context.put(Caller.class, caller);
    }
    return context;
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body.toBuffer());
  }
}
