package com.gigsy.gamification.leaderboard;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Housekeeping of {@code user_daily_totals}, the engine's per-day projection: only the days from the
 * start of the previous week or month (whichever is earlier) are kept, so the table stays small.
 */
final class DailyTotalsRepository {

  private static final String PRUNE = """
    DELETE FROM user_daily_totals
    WHERE day < least(gamification_period_start('WEEK', now() - interval '7 days'),
                      gamification_period_start('MONTH', now() - interval '1 month'))
    """;

  /** Deletes the totals of days before the previous week and month; how many rows went. */
  Future<Integer> pruneOldDays(SqlConnection connection) {
    return connection.query(PRUNE).execute().map(rows -> rows.rowCount());
  }
}
