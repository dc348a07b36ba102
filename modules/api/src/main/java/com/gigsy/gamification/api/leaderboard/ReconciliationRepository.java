package com.gigsy.gamification.api.leaderboard;

import com.gigsy.gamification.core.LeaderboardWindow;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares the totals projections with the points log, the truth: {@code user_totals} with each user's
 * whole log, and the sums of {@code user_daily_totals} over the current day, week and month with the log
 * entries whose {@code occurred_at} falls in them, among those the daily totals were folded through (the leaderboard
 * computation adds the later ones: migration V15). One pass over the log; meant for an admin, not for page loads.
 */
final class ReconciliationRepository {

  private static final String RECONCILE = """
    WITH periods AS (
      SELECT p.period, gamification_period_start(p.period, now()) AS period_start,
             gamification_period_end(p.period, now()) AS period_end,
             gamification_period_start(p.period, now())::timestamp AT TIME ZONE 'UTC' AS since,
             (gamification_period_start(p.period, now())::timestamp + p.span) AT TIME ZONE 'UTC' AS until
      FROM (VALUES ('DAY', interval '1 day'), ('WEEK', interval '7 days'), ('MONTH', interval '1 month')) AS p (period, span)
    ),
    logged_by_user AS (
      SELECT l.user_id,
             sum(l.points)::bigint AS all_time,
             sum(l.points) FILTER (WHERE l.id <= f.through AND l.occurred_at >= d.since AND l.occurred_at < d.until)
               ::bigint AS day,
             sum(l.points) FILTER (WHERE l.id <= f.through AND l.occurred_at >= w.since AND l.occurred_at < w.until)
               ::bigint AS week,
             sum(l.points) FILTER (WHERE l.id <= f.through AND l.occurred_at >= m.since AND l.occurred_at < m.until)
               ::bigint AS month
      FROM points_log l,
           (SELECT * FROM periods WHERE period = 'DAY') d,
           (SELECT * FROM periods WHERE period = 'WEEK') w,
           (SELECT * FROM periods WHERE period = 'MONTH') m,
           (SELECT folded_through AS through FROM daily_totals_fold) f
      GROUP BY l.user_id
    ),
    logged AS (
      SELECT 'ALL_TIME' AS board, user_id, all_time AS points FROM logged_by_user
      UNION ALL SELECT 'DAY', user_id, day FROM logged_by_user WHERE day IS NOT NULL
      UNION ALL SELECT 'WEEK', user_id, week FROM logged_by_user WHERE week IS NOT NULL
      UNION ALL SELECT 'MONTH', user_id, month FROM logged_by_user WHERE month IS NOT NULL
    ),
    projected AS (
      SELECT 'ALL_TIME' AS board, user_id, total_points AS points FROM user_totals
      UNION ALL
      SELECT p.period, d.user_id, sum(d.total_points)::bigint
      FROM user_daily_totals d JOIN periods p ON d.day >= p.period_start AND d.day < p.period_end
      GROUP BY p.period, d.user_id
    ),
    differences AS (
      SELECT COALESCE(p.board, l.board) AS board, COALESCE(p.user_id, l.user_id) AS user_id,
             COALESCE(p.points, 0) AS projected, COALESCE(l.points, 0) AS logged
      FROM projected p
      FULL JOIN logged l ON l.board = p.board AND l.user_id = p.user_id
      WHERE COALESCE(p.points, 0) <> COALESCE(l.points, 0)
    )
    SELECT now() AS checked_at, (SELECT count(*) FROM differences)::int AS difference_count,
           d.board, d.user_id, d.projected, d.logged,
           (SELECT p.since FROM periods p WHERE p.period = d.board) AS period_start
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT * FROM differences ORDER BY board, user_id COLLATE "C" LIMIT $1
    ) d ON true
    """;

  private final SqlClient client;

  ReconciliationRepository(SqlClient client) {
    this.client = client;
  }

  /** Checks every total; lists up to {@code limit} differences. */
  Future<Reconciliation> reconcile(int limit) {
    return client.preparedQuery(RECONCILE).execute(Tuple.of(limit)).map(rows -> {
      List<Reconciliation.Difference> differences = new ArrayList<>();
      Row first = null;
      for (Row row : rows) {
        first = first == null ? row : first;
        if (row.getString("user_id") != null) {
          differences.add(new Reconciliation.Difference(row.getString("user_id"),
            LeaderboardWindow.valueOf(row.getString("board")), row.getOffsetDateTime("period_start"), row.getLong("projected"),
            row.getLong("logged")));
        }
      }
      return new Reconciliation(first.getOffsetDateTime("checked_at"), first.getInteger("difference_count"), differences);
    });
  }
}
