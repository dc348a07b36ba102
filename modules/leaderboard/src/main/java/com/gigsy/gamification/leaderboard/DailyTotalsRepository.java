package com.gigsy.gamification.leaderboard;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * {@code user_daily_totals}, the per-day projection of the points log the calendar boards sum: brought up to date from
 * the log before each computation (migration V15: the engine no longer writes it per event), and kept small: only
 * the days from the start of the previous week or month (whichever is earlier).
 */
final class DailyTotalsRepository {

  /** Waits for the entries numbered so far to settle (holding off the engine's next batches meanwhile). */
  private static final String SETTLED = "SELECT gamification_log_settled_through() AS through";

  private static final String FOLD = "SELECT gamification_fold_daily_totals($1, $2) AS folded_through";

  /** Ids of the log one fold's transaction adds up at most (a few seconds' work at most, well within a statement timeout). */
  static final long FOLD_SPAN = 250_000;

  private static final String PRUNE = """
    DELETE FROM user_daily_totals
    WHERE day < least(gamification_period_start('WEEK', now() - interval '7 days'),
                      gamification_period_start('MONTH', now() - interval '1 month'))
    """;

  /**
   * Adds the log's entries since the last fold to the daily totals, in transactions of their own: the first waits,
   * under the rules lock, for every entry numbered so far to be committed or rolled back (a batch in flight: some
   * 100 ms) and commits at once, so the engine goes on while the next ones add them up, {@link #FOLD_SPAN} ids at a
   * time; the id the totals are folded through.
   */
  Future<Long> fold(SqlClient client) {
    return client.query(SETTLED).execute()
      .map(rows -> rows.iterator().next().getLong("through"))
      .compose(through -> foldThrough(client, through));
  }

  private Future<Long> foldThrough(SqlClient client, long through) {
    return client.preparedQuery(FOLD).execute(Tuple.of(through, FOLD_SPAN))
      .map(rows -> rows.iterator().next().getLong("folded_through"))
      .compose(folded -> folded >= through ? Future.succeededFuture(folded) : foldThrough(client, through));
  }

  /** Deletes the totals of days before the previous week and month; how many rows went. */
  Future<Integer> pruneOldDays(SqlConnection connection) {
    return connection.query(PRUNE).execute().map(rows -> rows.rowCount());
  }
}
