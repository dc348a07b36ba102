package com.gigsy.gamification.api;

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

/** The HTTP surface (CONTRACT §5): GraphQL, the SDL, GraphiQL in dev mode, and health. */
final class ApiRouter {

  /** Largest request body read (a GraphQL document with its variables). */
  static final long MAX_BODY_BYTES = 256 * 1024;

  static final String GRAPHQL = "/graphql";
  static final String SCHEMA = "/graphql/schema.graphql";

  private ApiRouter() {
  }

  /** Reads the CORS origins and dev mode (GraphiQL) from the configuration. */
  static Router create(Vertx vertx, GamificationConfig config, GraphQL graphQL, CatalogLoaders loaders, String sdl,
                       ReadinessProbe readiness) {
    Router router = Router.router(vertx);
    router.route().failureHandler(new HttpFailureHandler());

    router.get("/health/live").handler(rc -> json(rc, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(rc -> readiness.check()
      .onSuccess(result -> json(rc, "UP".equals(result.getString("status")) ? 200 : 503, result))
      .onFailure(rc::fail));

    CorsPolicy.handler(config.corsOrigins()).ifPresent(handler -> {
      router.route(GRAPHQL).handler(handler);
      router.route(SCHEMA).handler(handler);
    });
    router.get(SCHEMA).handler(rc -> rc.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
      .end(sdl));

    GraphQLHandler graphQLHandler = GraphQLHandler.builder(graphQL)
      .beforeExecute(input -> input.builder().dataLoaderRegistry(loaders.newRegistry()))
      .build();
    router.get(GRAPHQL).handler(new GetMutationGuard()).handler(graphQLHandler);
    router.post(GRAPHQL).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(graphQLHandler);
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

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body.toBuffer());
  }
}
