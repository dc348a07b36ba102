package com.gigsy.gamification.api.graphql;

import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.vertx.ext.web.handler.graphql.instrumentation.VertxFutureAdapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Assembles the executable schema: the SDL resource, its wiring, limits and error shaping. */
public final class ApiGraphQL {

  /** The SDL on the class path (served as is on {@code /graphql/schema.graphql}). */
  static final String SDL_RESOURCE = "schema.graphqls";

  /** Deepest nesting of fields a query may use (the deepest legitimate query is about 5). */
  static final int MAX_DEPTH = 12;

  /** Most fields a query may select, fragments expanded (a full profile is about 25). */
  static final int MAX_COMPLEXITY = 250;

  private ApiGraphQL() {
  }

  /** Reads the SDL; a blocking call, for start-up on a worker thread. */
  public static String loadSdl() {
    try (InputStream in = ApiGraphQL.class.getClassLoader().getResourceAsStream(SDL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("GraphQL schema resource " + SDL_RESOURCE + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read GraphQL schema resource " + SDL_RESOURCE, e);
    }
  }

  public static GraphQL create(String sdl, RuntimeWiring wiring) {
    GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
    return GraphQL.newGraphQL(schema)
      .instrumentation(new ChainedInstrumentation(List.of(
        VertxFutureAdapter.create(),
        new ApiInstrumentation(MAX_DEPTH, MAX_COMPLEXITY))))
      .defaultDataFetcherExceptionHandler(new FetchErrorHandler())
      .preparsedDocumentProvider(new DocumentCache())
      .build();
  }
}
