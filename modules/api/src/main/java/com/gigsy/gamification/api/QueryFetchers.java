package com.gigsy.gamification.api;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Future;

import java.util.List;

/** The fields of {@code type Query}. */
final class QueryFetchers {

  private final CatalogRepository catalog;
  private final int leaderboardSize;

  QueryFetchers(CatalogRepository catalog, int leaderboardSize) {
    this.catalog = catalog;
    this.leaderboardSize = leaderboardSize;
  }

  /** Any user id has a profile; its fields are read from the database only when selected. */
  DataFetcher<Future<Profile>> gamificationProfile() {
    return env -> Future.succeededFuture(new Profile(Arguments.userId(env, "userId")));
  }

  /** The precomputed snapshot; none is computed yet, so it is empty (the limit is still checked). */
  DataFetcher<Future<Leaderboard>> leaderboard() {
    return this::leaderboard;
  }

  /** Also the answer of {@code recomputeLeaderboard}. */
  Future<Leaderboard> leaderboard(DataFetchingEnvironment env) {
    Arguments.limit(env, "limit", leaderboardSize);
    return Future.succeededFuture(Leaderboard.notComputed());
  }

  DataFetcher<Future<List<Rule>>> rules() {
    return env -> {
      String eventName = Arguments.optionalEventName(env, "eventName");
      return eventName == null ? catalog.rules() : catalog.rulesFor(eventName);
    };
  }

  DataFetcher<Future<List<Badge>>> badges() {
    return env -> catalog.badges();
  }

  DataFetcher<Future<List<Title>>> titles() {
    return env -> catalog.titles();
  }
}
