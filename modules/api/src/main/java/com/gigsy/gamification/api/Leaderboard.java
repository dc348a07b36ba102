package com.gigsy.gamification.api;

import java.time.OffsetDateTime;
import java.util.List;

/** A leaderboard snapshot, as GraphQL {@code Leaderboard}; {@code computedAt} is null before the first computation. */
record Leaderboard(OffsetDateTime computedAt, List<Entry> entries) {

  /** One ranked user, as GraphQL {@code LeaderboardEntry}. */
  record Entry(int rank, String userId, long totalPoints) {
  }

  static Leaderboard notComputed() {
    return new Leaderboard(null, List.of());
  }
}
