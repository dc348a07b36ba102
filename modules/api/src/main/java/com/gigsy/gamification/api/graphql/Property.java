package com.gigsy.gamification.api.graphql;

import graphql.TrivialDataFetcher;
import graphql.schema.DataFetcher;

import java.util.function.Function;

/**
 * A field read straight from its source record: explicit (no reflection over package-private
 * records) and marked trivial, so instrumentation leaves it alone.
 */
public final class Property {

  private Property() {
  }

  public static <S> DataFetcher<Object> of(Class<S> source, Function<S, ?> accessor) {
    TrivialDataFetcher<Object> fetcher = env -> accessor.apply(source.cast(env.getSource()));
    return fetcher;
  }
}
