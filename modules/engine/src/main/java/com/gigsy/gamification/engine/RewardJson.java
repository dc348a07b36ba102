package com.gigsy.gamification.engine;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON of a reward on the rewards topic (CONTRACT §4), rendered from a row of {@code outbox-claim.sql}.
 * Ids are strings; {@code relatedEntityId}, {@code points}, {@code badgeId} and {@code titleId} are null
 * when the reward has none; {@code awardedAt} is UTC with microseconds, e.g. {@code 2026-11-30T08:00:00.123456Z}.
 */
final class RewardJson {

  private static final DateTimeFormatter AWARDED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

  private RewardJson() {
  }

  static String render(Row row) {
    return new JsonObject()
      .put("rewardId", row.getString("reward_id"))
      .put("type", row.getString("type"))
      .put("userId", row.getString("user_id"))
      .put("ruleId", text(row.getLong("rule_id")))
      .put("eventId", row.getString("event_id"))
      .put("relatedEntityId", row.getString("related_entity_id"))
      .put("points", row.getInteger("points"))
      .put("badgeId", text(row.getLong("badge_id")))
      .put("titleId", text(row.getLong("title_id")))
      .put("awardedAt", AWARDED_AT.format(row.getOffsetDateTime("awarded_at").withOffsetSameInstant(ZoneOffset.UTC)))
      .encode();
  }

  private static String text(Long id) {
    return id == null ? null : id.toString();
  }
}
