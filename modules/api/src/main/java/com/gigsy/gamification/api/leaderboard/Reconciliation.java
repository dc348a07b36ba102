package com.gigsy.gamification.api.leaderboard;

import com.gigsy.gamification.core.LeaderboardWindow;

import java.time.OffsetDateTime;
import java.util.List;

/** The outcome of a check of the totals projections against the points log, as GraphQL {@code TotalsReconciliation}. */
record Reconciliation(OffsetDateTime checkedAt, int differenceCount, List<Difference> differences) {

  boolean consistent() {
    return differenceCount == 0;
  }

  /** One total that differs, as GraphQL {@code TotalsDifference}; {@code periodStart} is null for all time. */
  record Difference(String userId, LeaderboardWindow window, OffsetDateTime periodStart, long projectedPoints,
                    long loggedPoints) {
  }
}
