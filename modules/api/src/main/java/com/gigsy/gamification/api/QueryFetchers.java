package com.gigsy.gamification.api;

import graphql.schema.DataFetcher;
import io.vertx.core.Future;

import java.util.List;

/** The fields of {@code type Query} but the leaderboard ones ({@link LeaderboardFetchers}) and pointsHistory. */
final class QueryFetchers {

  private final CatalogRepository catalog;

  QueryFetchers(CatalogRepository catalog) {
    this.catalog = catalog;
  }

  /** Any user id has a profile; its fields are read from the database only when selected. */
  DataFetcher<Future<Profile>> gamificationProfile() {
    return env -> Future.succeededFuture(new Profile(Arguments.userId(env, "userId")));
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
