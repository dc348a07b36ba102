package com.gigsy.gamification.api;

import com.gigsy.gamification.api.auth.Caller;
import com.gigsy.gamification.api.auth.CallerRateLimit;
import com.gigsy.gamification.api.auth.HttpAuthHandler;
import com.gigsy.gamification.api.auth.SocketAuth;
import com.gigsy.gamification.api.auth.TokenVerifier;
import com.gigsy.gamification.api.credentials.Credentials;
import com.gigsy.gamification.api.graphql.AnswerCache;
import com.gigsy.gamification.api.graphql.SocketSession;
import com.gigsy.gamification.api.graphql.Transport;
import com.gigsy.gamification.console.AdminConsole;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.ServiceMetrics;
import graphql.GraphQL;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The HTTP surface (CONTRACT §5): GraphQL over HTTP and WebSocket, both authenticated, HTTP rate-limited per caller;
 * the SDL, GraphiQL in dev mode; the Open Badges documents and keys (CONTRACT §9), public; health and metrics, public — on the API port, or on the management port
 * alone when {@code GAMIFICATION_MANAGEMENT_PORT} is set ({@link #management}).
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
                       String sdl, ReadinessProbe readiness, TokenVerifier verifier, Credentials credentials,
                       AnswerCache.Source cachedAnswers) {
    Router router = Router.router(vertx);
    router.route().failureHandler(new HttpFailureHandler(MAX_BODY_BYTES));
    if (config.managementPort() == null) {
      operations(vertx, router, readiness);
    }

    CorsPolicy.handler(config.corsOrigins()).ifPresent(handler -> {
      router.route(GRAPHQL).handler(handler);
      router.route(SCHEMA).handler(handler);
    });
    router.get(SCHEMA).handler(rc -> rc.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
      .end(sdl));
    credentials.mount(router);

    // WebSocket upgrades of GET /graphql: authenticated by their connection_init message, for as long as the token lasts
    SocketAuth socketAuth = new SocketAuth(vertx, verifier);
    Map<ServerWebSocket, SocketSession> sessions = new ConcurrentHashMap<>();
    GraphQLWSHandler subscriptions = GraphQLWSHandler.builder(graphQL)
      .onConnectionInit(socketAuth)
      .onMessage(socketAuth::onMessage)
      .onSocketEnd(socket -> {
        socketAuth.ended(socket);
        sessions.remove(socket);
      })
      .beforeExecute(input -> {
        Caller caller = SocketAuth.caller(input.context().connectionParams());
        Map<Object, Object> context = context(caller, Transport.WEBSOCKET);
        if (caller != null) {
          context.put(SocketSession.class,
            sessions.computeIfAbsent(input.context().socket(), socket -> new SocketSession(caller.validUntil())));
        }
        input.builder().dataLoaderRegistry(loaders.get()).graphQLContext(context);
      })
      .build();
    // plain HTTP: authenticated by the Authorization header, then held to the caller's rate
    CallerRateLimit rateLimit = CallerRateLimit.of(vertx, config.apiRateLimit());
    HttpAuthHandler authentication = new HttpAuthHandler(verifier, rateLimit);
    GraphQLHandler graphQLHandler = GraphQLHandler.builder(graphQL)
      .beforeExecute(input -> input.builder()
        .dataLoaderRegistry(loaders.get())
        .graphQLContext(context(HttpAuthHandler.caller(input.context()), Transport.HTTP)))
      .build();
    router.get(GRAPHQL).handler(subscriptions).handler(authentication).handler(rateLimit).handler(new GetMutationGuard())
      .handler(graphQLHandler);
    // answers that are the same for every caller until their data changes (the leaderboard's), rendered once
    Counter served = Counter.builder("gamification.api.cached.answers")
      .description("GraphQL requests answered with an answer rendered before for the same data (the leaderboard's)")
      .register(ServiceMetrics.registry(vertx));
    AnswerCache answers = new AnswerCache(graphQL, loaders,
      rc -> context(HttpAuthHandler.caller(rc), Transport.HTTP), cachedAnswers, served::increment);
    router.post(GRAPHQL).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(authentication)
      .handler(rateLimit).handler(answers).handler(graphQLHandler);
    router.route(GRAPHQL).handler(rc -> {
      rc.response().putHeader(HttpHeaders.ALLOW, "GET, POST");
      rc.fail(405);
    });

    // the admin console (CONTRACT §10): static files that talk to /graphql like any client
    AdminConsole.mount(router);

    if (config.devMode()) {
      GraphiQLHandler graphiQL = GraphiQLHandler.create(vertx, new GraphiQLHandlerOptions().setEnabled(true));
      router.route("/graphiql*").subRouter(graphiQL.router());
    }
    return router;
  }

  /** The router of the management port: health and metrics only. */
  static Router management(Vertx vertx, ReadinessProbe readiness) {
    Router router = Router.router(vertx);
    router.route().failureHandler(new HttpFailureHandler(MAX_BODY_BYTES));
    operations(vertx, router, readiness);
    return router;
  }

  /** {@code /health/live}, {@code /health/ready} and {@code /metrics}. */
  private static void operations(Vertx vertx, Router router, ReadinessProbe readiness) {
    router.get("/health/live").handler(rc -> json(rc, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(rc -> readiness.check()
      .onSuccess(result -> json(rc, "UP".equals(result.getString("status")) ? 200 : 503, result))
      .onFailure(rc::fail));
    router.get(MetricsEndpoint.PATH).handler(MetricsEndpoint.create(vertx));
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
