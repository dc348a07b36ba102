package com.gigsy.gamification.engine;

import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON of a reward on the rewards topic (CONTRACT §4), rendered from a row of {@code outbox-claim.sql}.
 * Ids are strings; {@code relatedEntityId}, {@code points}, {@code badgeId} and {@code titleId} are null
 * when the reward has none; {@code awardedAt} is UTC with microseconds, e.g. {@code 2026-11-30T08:00:00.123456Z}.
 * Written straight into a string (every reward passes here: building a JSON object to encode it cost the
 * relay more than sending the record).
 */
final class RewardJson {

  private static final DateTimeFormatter AWARDED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RewardJson() {
  }

  static String render(Row row) {
    return render(row.getString("reward_id"), row.getString("type"), row.getString("user_id"), row.getLong("rule_id"),
      row.getString("event_id"), row.getString("related_entity_id"), row.getInteger("points"), row.getLong("badge_id"),
      row.getLong("title_id"), row.getOffsetDateTime("awarded_at"));
  }

  static String render(String rewardId, String type, String userId, Long ruleId, String eventId, String relatedEntityId,
                       Integer points, Long badgeId, Long titleId, OffsetDateTime awardedAt) {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"rewardId\":");
    string(json, rewardId);
    json.append(",\"type\":");
    string(json, type);
    json.append(",\"userId\":");
    string(json, userId);
    json.append(",\"ruleId\":");
    string(json, ruleId == null ? null : ruleId.toString());
    json.append(",\"eventId\":");
    string(json, eventId);
    json.append(",\"relatedEntityId\":");
    string(json, relatedEntityId);
    json.append(",\"points\":").append(points == null ? "null" : points.toString());
    json.append(",\"badgeId\":");
    string(json, badgeId == null ? null : badgeId.toString());
    json.append(",\"titleId\":");
    string(json, titleId == null ? null : titleId.toString());
    json.append(",\"awardedAt\":");
    string(json, AWARDED_AT.format(awardedAt.withOffsetSameInstant(ZoneOffset.UTC)));
    return json.append('}').toString();
  }

  /** A JSON string (RFC 8259: quote, backslash and control characters escaped), or {@code null}. */
  private static void string(StringBuilder json, String value) {
    if (value == null) {
      json.append("null");
      return;
    }
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else {
        json.append(c);
      }
    }
    json.append('"');
  }
}
