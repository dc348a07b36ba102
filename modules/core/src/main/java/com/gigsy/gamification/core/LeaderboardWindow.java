package com.gigsy.gamification.core;

/**
 * The time windows of the leaderboard: all time, or the current UTC calendar month, ISO week (from
 * Monday) or day, by the events' {@code occurredAt}. The names are those of the GraphQL enum
 * {@code LeaderboardWindow}, of {@code leaderboard_entries.board} and of the {@code period} argument of the
 * SQL functions {@code gamification_period_start} and {@code gamification_period_end}.
 */
public enum LeaderboardWindow {
  ALL_TIME,
  MONTH,
  WEEK,
  DAY;

  /** Whether the window is a calendar period (its totals are sums of {@code user_daily_totals}). */
  public boolean isPeriod() {
    return this != ALL_TIME;
  }
}
