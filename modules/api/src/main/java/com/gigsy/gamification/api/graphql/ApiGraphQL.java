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

  /**
   * The least cost budget ({@link ComplexityLimit}): a full profile costs about 125, a page of history about 230; the
   * budget grows with the leaderboard size so one whole board always fits ({@link #costBudget}).
   */
  static final int MIN_COST_BUDGET = 1_000;

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

  /** The cost budget of an operation: one whole board of {@code leaderboardSize} entries and a few fields more. */
  public static int costBudget(int leaderboardSize) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_COST_BUDGET, 3L * leaderboardSize + MIN_COST_BUDGET));
  }

  /** @param costBudget the most an operation may cost ({@link #costBudget}) */
  public static GraphQL create(String sdl, RuntimeWiring wiring, int costBudget) {
    GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
    return GraphQL.newGraphQL(schema)
      .instrumentation(new ChainedInstrumentation(List.of(
        VertxFutureAdapter.create(),
        new ApiInstrumentation(MAX_DEPTH, costBudget))))
      .defaultDataFetcherExceptionHandler(new FetchErrorHandler())
      .preparsedDocumentProvider(new DocumentCache())
      .build();
  }
}
