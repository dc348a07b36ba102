package com.gigsy.gamification.testing;

/** The daily totals as a leaderboard computation folds them from the points log (migration V15), for tests. */
public final class DailyTotals {

  /**
   * Folds every settled entry in one statement (a computation does it in spans, in transactions of its own); returns
   * the id the days are folded through.
   */
  public static final String FOLD_ALL =
    "SELECT gamification_fold_daily_totals(gamification_log_settled_through(), " + Long.MAX_VALUE / 2 + ")";

  private DailyTotals() {
  }
}
