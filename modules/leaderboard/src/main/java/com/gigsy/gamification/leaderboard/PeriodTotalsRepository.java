package com.gigsy.gamification.leaderboard;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Housekeeping of {@code user_period_totals}, the engine's per-period projection: only the current and
 * the previous period of each kind are kept, so the table the engine upserts stays small.
 */
final class PeriodTotalsRepository {

  private static final String PRUNE = """
    DELETE FROM user_period_totals t
    USING (VALUES ('DAY', interval '1 day'), ('WEEK', interval '7 days'), ('MONTH', interval '1 month')) AS k (period, span)
    WHERE t.period = k.period
      AND t.period_start < (gamification_period_start(k.period, now()) - k.span)::date
    """;

  /** Deletes the totals of periods older than the previous one; how many rows went. */
  Future<Integer> pruneOldPeriods(SqlConnection connection) {
    return connection.query(PRUNE).execute().map(rows -> rows.rowCount());
  }
}
