package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.RewardMessage;
import com.gigsy.gamification.core.Role;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.ServiceStarter;
import com.gigsy.gamification.testing.TestService;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's claim on the real database: each outbox row's parallel arrays come back as its rewards, in order, with the
 * row's id; a row written before V10 (no kinds, no level ids) too. Runs in a transaction it rolls back, after marking
 * what other tests left unpublished, so it claims its own rows alone and leaves nothing behind.
 */
class OutboxRepositoryTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ServiceStarter.of(Map.of(Role.ENGINE, List.of(EngineVerticle::new))))
    .configured(config -> config.with(Setting.ROLES, "engine"));

  private static final String TWO_REWARDS = """
    INSERT INTO reward_outbox (rewards, reward_ids, types, user_ids, rule_ids, event_ids, related_entity_ids, points,
                               badge_ids, title_ids, level_ids, kinds, awarded_at)
    VALUES (2, ARRAY['00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000b']::uuid[],
            ARRAY['POINTS', 'LEVEL'], ARRAY['u-1', 'u-1'], ARRAY[11, 12]::bigint[], ARRAY['e-1', 'e-1'],
            ARRAY['course-"1"', NULL], ARRAY[40, NULL]::integer[], ARRAY[NULL, NULL]::bigint[],
            ARRAY[NULL, NULL]::bigint[], ARRAY[NULL, 7]::bigint[], ARRAY['RULE', NULL],
            ARRAY['2026-11-30T08:00:00.123456Z', '2026-11-30T08:00:01Z']::timestamptz[])
    RETURNING id""";
  private static final String BEFORE_V10 = """
    INSERT INTO reward_outbox (rewards, reward_ids, types, user_ids, rule_ids, event_ids, related_entity_ids, points,
                               badge_ids, title_ids, awarded_at)
    VALUES (1, ARRAY['00000000-0000-0000-0000-00000000000c']::uuid[], ARRAY['BADGE'], ARRAY['u-2'],
            ARRAY[13]::bigint[], ARRAY['e-2'], ARRAY[NULL]::text[], ARRAY[NULL]::integer[], ARRAY[3]::bigint[],
            ARRAY[NULL]::bigint[], ARRAY['2026-11-30T09:00:00+02:00']::timestamptz[])
    RETURNING id""";

  @Test
  @DisplayName("a claim unfolds each row's arrays into its rewards, in the order granted, rows oldest first; a row "
    + "without kinds and level ids gives nulls")
  void claimUnfoldsRows() {
    SqlConnection conn = Await.result(SERVICE.db().getConnection());
    try {
      Await.result(conn.query("BEGIN").execute());
      Await.result(conn.query("UPDATE reward_outbox SET published_at = now() WHERE published_at IS NULL").execute());
      long first = Await.result(conn.query(TWO_REWARDS).execute()).iterator().next().getLong("id");
      long second = Await.result(conn.query(BEFORE_V10).execute()).iterator().next().getLong("id");

      List<OutboxRepository.PendingReward> claimed = Await.result(new OutboxRepository().claim(conn, 10));

      assertThat(claimed).extracting(OutboxRepository.PendingReward::id).containsExactly(first, first, second);
      assertThat(claimed).extracting(OutboxRepository.PendingReward::userId).containsExactly("u-1", "u-1", "u-2");
      assertThat(claimed).extracting(OutboxRepository.PendingReward::type).containsExactly("POINTS", "LEVEL", "BADGE");
      assertThat(message(claimed.get(0))).isEqualTo(new RewardMessage("00000000-0000-0000-0000-00000000000a", "POINTS",
        "u-1", "11", "e-1", "course-\"1\"", 40, null, null, "2026-11-30T08:00:00.123456Z", "RULE", null));
      assertThat(message(claimed.get(1))).isEqualTo(new RewardMessage("00000000-0000-0000-0000-00000000000b", "LEVEL",
        "u-1", "12", "e-1", null, null, null, null, "2026-11-30T08:00:01.000000Z", null, "7"));
      assertThat(message(claimed.get(2))).isEqualTo(new RewardMessage("00000000-0000-0000-0000-00000000000c", "BADGE",
        "u-2", "13", "e-2", null, null, "3", null, "2026-11-30T07:00:00.000000Z", null, null));
    } finally {
      Await.result(conn.query("ROLLBACK").execute());
      Await.result(conn.close());
    }
  }

  private static RewardMessage message(OutboxRepository.PendingReward reward) {
    return RewardMessage.fromJson(new JsonObject(reward.payload()));
  }
}
