package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.SqlResources;
import com.gigsy.gamification.core.RewardMessage;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** SQL of the reward outbox (table {@code reward_outbox}). */
final class OutboxRepository {

  /**
   * A reward waiting to be published: the id of its outbox row (shared by a batch), the Kafka key, its
   * type (POINTS, BADGE, TITLE) and the JSON value.
   */
  record PendingReward(long id, String userId, String type, String payload) {
  }

  private final String claimSql = SqlResources.load("engine/outbox-claim.sql");
  private final String markSql = SqlResources.load("engine/outbox-mark-published.sql");
  private final String purgeSql = SqlResources.load("engine/outbox-purge.sql");
  /** Served by the partial index on unpublished rows. */
  private static final String BACKLOG_SQL =
    "SELECT coalesce(sum(rewards), 0)::bigint AS unpublished FROM reward_outbox WHERE published_at IS NULL";

  /** Locks up to {@code limit} unpublished outbox rows in the connection's transaction, oldest first; their rewards in order. */
  Future<List<PendingReward>> claim(SqlConnection conn, int limit) {
    return conn.preparedQuery(claimSql).execute(Tuple.of(limit)).map(rows -> {
      List<PendingReward> rewards = new ArrayList<>(rows.size());
      for (Row row : rows) {
        rewards.add(new PendingReward(row.getLong("id"), row.getString("user_id"), row.getString("type"),
          reward(row).toJson()));
      }
      return rewards;
    });
  }

  /** A row of {@code outbox-claim.sql} as the reward it publishes. */
  static RewardMessage reward(Row row) {
    return new RewardMessage(row.getString("reward_id"), row.getString("type"), row.getString("user_id"),
      RewardMessage.id(row.getLong("rule_id")), row.getString("event_id"), row.getString("related_entity_id"),
      row.getInteger("points"), RewardMessage.id(row.getLong("badge_id")), RewardMessage.id(row.getLong("title_id")),
      RewardMessage.awardedAt(row.getOffsetDateTime("awarded_at")), row.getString("kind"),
      RewardMessage.id(row.getLong("level_id")));
  }

  Future<Void> markPublished(SqlConnection conn, List<PendingReward> rewards) {
    Long[] ids = rewards.stream().map(PendingReward::id).distinct().toArray(Long[]::new);
    return conn.preparedQuery(markSql).execute(Tuple.of(ids)).mapEmpty();
  }

  /** How many rewards wait to be published. */
  Future<Long> backlog(SqlClient client) {
    return client.query(BACKLOG_SQL).execute().map(rows -> rows.iterator().next().getLong("unpublished"));
  }

  /** Deletes rows published longer ago than {@code age} (a PostgreSQL interval, e.g. {@code 1 day}). */
  Future<Integer> purgePublished(SqlConnection conn, String age) {
    return conn.preparedQuery(purgeSql).execute(Tuple.of(age)).map(rows -> rows.rowCount());
  }
}
