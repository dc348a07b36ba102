package com.gigsy.gamification.api.history;

import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.core.SqlResources;
import com.gigsy.gamification.core.UserLocks;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a user's points log a page at a time, newest first, through the index {@code (user_id, id DESC)}; appends an
 * admin's adjustment ({@code adjust-points.sql}).
 */
final class HistoryRepository {

  static final String COLUMNS = "id, points, rule_id, event_id, related_entity_id, created_by, occurred_at, created_at, kind, reason";

  private static final String PAGE = """
    SELECT %s
    FROM points_log
    WHERE user_id = $1 AND id < $2
    ORDER BY id DESC
    LIMIT $3
    """.formatted(COLUMNS);
  /** SQLSTATE check_violation: the total would go below 0. */
  private static final String CHECK_VIOLATION = "23514";

  private final String adjustSql = SqlResources.load("api/adjust-points.sql");

  private final SqlClient client;

  HistoryRepository(SqlClient client) {
    this.client = client;
  }

  /**
   * Up to {@code size} entries with an id below {@code beforeId} ({@link Long#MAX_VALUE} for the first page).
   * One more row is read than returned, to tell whether a next page exists.
   */
  Future<PointsPage> page(String userId, long beforeId, int size) {
    return client.preparedQuery(PAGE).execute(Tuple.of(userId, beforeId, size + 1)).map(rows -> {
      List<PointsEntry> entries = new ArrayList<>(Math.min(rows.size(), size));
      for (Row row : rows) {
        if (entries.size() == size) {
          return new PointsPage(entries, true);
        }
        entries.add(entry(row));
      }
      return new PointsPage(entries, false);
    });
  }

  /**
   * Appends an adjustment (and the levels it reaches, with their badges and titles), publishes them, within the
   * caller's transaction; fails with {@code BAD_USER_INPUT} naming {@code points} when the total would go below 0.
   */
  Future<PointsEntry> adjust(SqlConnection conn, String userId, int points, String reason, String admin) {
    return conn.query(UserLocks.LOG_WRITER).execute()
      .compose(shared -> conn.preparedQuery(UserLocks.LOCK_USER).execute(Tuple.of(userId)))
      .compose(locked -> conn.preparedQuery(adjustSql).execute(Tuple.of(userId, points, reason, admin)))
      .map(rows -> entry(rows.iterator().next()))
      .recover(failure -> failure instanceof PgException pg && CHECK_VIOLATION.equals(pg.getSqlState())
        ? Future.failedFuture(ApiException.badUserInput("points", "would take the total of " + userId
          + " below 0 (a total never goes below 0)"))
        : Future.failedFuture(failure));
  }

  private static PointsEntry entry(Row row) {
    return new PointsEntry(row.getLong("id"), row.getInteger("points"), row.getLong("rule_id"), row.getString("event_id"),
      row.getString("related_entity_id"), row.getString("created_by"), row.getOffsetDateTime("occurred_at"),
      row.getOffsetDateTime("created_at"), row.getString("kind"), row.getString("reason"));
  }
}
