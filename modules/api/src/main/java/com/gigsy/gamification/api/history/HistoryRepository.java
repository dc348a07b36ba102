package com.gigsy.gamification.api.history;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** Reads a user's points log a page at a time, newest first, through the index {@code (user_id, id DESC)}. */
final class HistoryRepository {

  private static final String PAGE = """
    SELECT id, points, rule_id, event_id, related_entity_id, created_by, occurred_at, created_at
    FROM points_log
    WHERE user_id = $1 AND id < $2
    ORDER BY id DESC
    LIMIT $3
    """;

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

  private static PointsEntry entry(Row row) {
    return new PointsEntry(row.getLong("id"), row.getInteger("points"), row.getLong("rule_id"), row.getString("event_id"),
      row.getString("related_entity_id"), row.getString("created_by"), row.getOffsetDateTime("occurred_at"),
      row.getOffsetDateTime("created_at"));
  }
}
