package com.gigsy.gamification.api;

import graphql.schema.DataFetcher;
import io.vertx.core.Future;

/** {@code Query.pointsHistory}: a user's own points log, or anyone's for an admin. */
final class HistoryFetchers {

  /** The SDL default of {@code first}. */
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;

  private final HistoryRepository history;

  HistoryFetchers(HistoryRepository history) {
    this.history = history;
  }

  DataFetcher<Future<PointsPage>> pointsHistory() {
    return env -> {
      String userId = Arguments.userId(env, "userId");
      Access.requireSelfOrAdmin(env, userId);
      int first = Arguments.pageSize(env, "first", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      String after = env.getArgument("after");
      long beforeId = after == null ? Long.MAX_VALUE : HistoryCursor.parse(after, "after");
      return history.page(userId, beforeId, first);
    };
  }
}
