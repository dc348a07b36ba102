package com.gigsy.gamification.api.rewards;

import com.gigsy.gamification.api.graphql.Page;
import com.gigsy.gamification.core.RewardMessage;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's reward history (CONTRACT §8 {@code rewards}): what the rewards topic carried for them, read back from the
 * tables that keep it — the points log (every kind), the awards held and revoked (both the award and its revocation),
 * the levels reached — with the topic's reward ids, newest first by one sequence every reward draws from. Each table
 * is read through an index on the user, at most a page of it.
 */
final class RewardHistoryRepository {

  static final String CURSOR_KIND = "rewards";

  /** $1 user, $2 before this seq, $3 rows (a page and one). */
  private static final String PAGE = """
    SELECT * FROM (
      (SELECT l.id AS seq, coalesce(l.reward_id::text, 'points-' || l.id) AS reward_id, 'POINTS' AS type, l.rule_id,
              l.event_id, l.related_entity_id, l.points, NULL::bigint AS badge_id, NULL::bigint AS title_id,
              NULL::bigint AS level_id, l.kind, l.created_at AS at
       FROM points_log l WHERE l.user_id = $1 AND l.id < $2 ORDER BY l.id DESC LIMIT $3)
      UNION ALL
      (SELECT b.seq, b.reward_id::text, 'BADGE', b.rule_id, b.event_id, e.related_entity_id, NULL, b.badge_id, NULL,
              b.level_id, NULL, b.awarded_at
       FROM user_badges b LEFT JOIN processed_events e ON e.event_id = b.event_id
       WHERE b.user_id = $1 AND b.seq < $2 ORDER BY b.seq DESC LIMIT $3)
      UNION ALL
      (SELECT b.seq, b.reward_id::text, 'BADGE', b.rule_id, b.event_id, e.related_entity_id, NULL, b.badge_id, NULL,
              b.level_id, NULL, b.awarded_at
       FROM badge_revocations b LEFT JOIN processed_events e ON e.event_id = b.event_id
       WHERE b.user_id = $1 AND b.seq < $2 ORDER BY b.seq DESC LIMIT $3)
      UNION ALL
      (SELECT b.revoked_seq, b.revoked_reward_id::text, 'BADGE_REVOKED', gamification_built_in_rule('REVOCATION'),
              'revocation-' || b.revoked_seq, NULL, NULL, b.badge_id, NULL, NULL, NULL, b.revoked_at
       FROM badge_revocations b WHERE b.user_id = $1 AND b.revoked_seq < $2 ORDER BY b.revoked_seq DESC LIMIT $3)
      UNION ALL
      (SELECT t.seq, t.reward_id::text, 'TITLE', t.rule_id, t.event_id, e.related_entity_id, NULL, NULL, t.title_id,
              t.level_id, NULL, t.awarded_at
       FROM user_titles t LEFT JOIN processed_events e ON e.event_id = t.event_id
       WHERE t.user_id = $1 AND t.seq < $2 ORDER BY t.seq DESC LIMIT $3)
      UNION ALL
      (SELECT t.seq, t.reward_id::text, 'TITLE', t.rule_id, t.event_id, e.related_entity_id, NULL, NULL, t.title_id,
              t.level_id, NULL, t.awarded_at
       FROM title_revocations t LEFT JOIN processed_events e ON e.event_id = t.event_id
       WHERE t.user_id = $1 AND t.seq < $2 ORDER BY t.seq DESC LIMIT $3)
      UNION ALL
      (SELECT t.revoked_seq, t.revoked_reward_id::text, 'TITLE_REVOKED', gamification_built_in_rule('REVOCATION'),
              'revocation-' || t.revoked_seq, NULL, NULL, NULL, t.title_id, NULL, NULL, t.revoked_at
       FROM title_revocations t WHERE t.user_id = $1 AND t.revoked_seq < $2 ORDER BY t.revoked_seq DESC LIMIT $3)
      UNION ALL
      (SELECT u.seq, u.reward_id::text, 'LEVEL', gamification_built_in_rule('LEVEL'), u.event_id, e.related_entity_id,
              NULL, NULL, NULL, u.level_id, NULL, u.reached_at
       FROM user_levels u LEFT JOIN processed_events e ON e.event_id = u.event_id
       WHERE u.user_id = $1 AND u.seq < $2 ORDER BY u.seq DESC LIMIT $3)
    ) rewards
    ORDER BY seq DESC
    LIMIT $3
    """;

  /** A page of the history, as GraphQL {@code RewardConnection}. */
  record RewardPage(List<RewardMessage> entries, long lastSeq, boolean hasNextPage) implements Page {

    @Override
    public String endCursor() {
      return entries.isEmpty() ? null : Page.cursor(CURSOR_KIND, lastSeq);
    }
  }

  private final SqlClient client;

  RewardHistoryRepository(SqlClient client) {
    this.client = client;
  }

  /** Up to {@code size} rewards recorded before {@code beforeSeq} ({@link Long#MAX_VALUE} for the first page). */
  Future<RewardPage> page(String userId, long beforeSeq, int size) {
    return client.preparedQuery(PAGE).execute(Tuple.of(userId, beforeSeq, size + 1)).map(rows -> {
      List<RewardMessage> entries = new ArrayList<>(Math.min(rows.size(), size));
      long last = beforeSeq;
      for (Row row : rows) {
        if (entries.size() == size) {
          return new RewardPage(entries, last, true);
        }
        entries.add(new RewardMessage(row.getString("reward_id"), row.getString("type"), userId,
          RewardMessage.id(row.getLong("rule_id")), row.getString("event_id"), row.getString("related_entity_id"),
          row.getInteger("points"), RewardMessage.id(row.getLong("badge_id")), RewardMessage.id(row.getLong("title_id")),
          RewardMessage.awardedAt(row.getOffsetDateTime("at")), row.getString("kind"),
          RewardMessage.id(row.getLong("level_id"))));
        last = row.getLong("seq");
      }
      return new RewardPage(entries, last, false);
    });
  }
}
