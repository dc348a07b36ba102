package com.gigsy.gamification.api.leaderboard;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A board of a leaderboard snapshot, as GraphQL {@code Leaderboard}: {@code computedAt} is null before the
 * first computation, {@code periodStart} null for the all-time board.
 */
record Leaderboard(OffsetDateTime computedAt, OffsetDateTime periodStart, List<Entry> entries) {

  /** One ranked user, as GraphQL {@code LeaderboardEntry}. */
  record Entry(int rank, String userId, long totalPoints) {
  }

  /** The board with its first {@code limit} entries only. */
  Leaderboard first(int limit) {
    return entries.size() <= limit ? this : new Leaderboard(computedAt, periodStart, entries.subList(0, limit));
  }

  static Leaderboard notComputed() {
    return new Leaderboard(null, null, List.of());
  }
}
