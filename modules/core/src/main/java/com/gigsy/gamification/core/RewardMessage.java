package com.gigsy.gamification.core;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One record of the rewards topic (CONTRACT §4, §8), written by the engine's relay and read by the api's
 * subscriptions. {@code type} is POINTS, BADGE, TITLE, LEVEL, BADGE_REVOKED, TITLE_REVOKED or ERASED. Ids are strings
 * (a reader also accepts numbers); {@code relatedEntityId}, {@code points}, {@code badgeId}, {@code titleId},
 * {@code levelId} and {@code kind} are null when the reward has none; {@code kind} is RULE, ADJUSTMENT or REVERSAL
 * for points (points are negative when taken away); {@code awardedAt} is ISO-8601 UTC with microseconds, e.g.
 * {@code 2026-11-30T08:00:00.123456Z}.
 */
public record RewardMessage(String rewardId, String type, String userId, String ruleId, String eventId,
                            String relatedEntityId, Integer points, String badgeId, String titleId, String awardedAt,
                            String kind, String levelId) {

  private static final DateTimeFormatter AWARDED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** {@code awardedAt} as the topic carries it: UTC, microseconds. */
  public static String awardedAt(OffsetDateTime instant) {
    return AWARDED_AT.format(instant.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** Null-safe text of a numeric id. */
  public static String id(Long id) {
    return id == null ? null : id.toString();
  }

  /**
   * Reads a record's value.
   *
   * @throws IllegalArgumentException when a required field ({@code rewardId}, {@code type}, {@code userId},
   *                                  {@code ruleId}, {@code eventId}, {@code awardedAt}) is missing or a field has the wrong type
   */
  public static RewardMessage fromJson(JsonObject json) {
    try {
      RewardMessage reward = new RewardMessage(json.getString("rewardId"), json.getString("type"), json.getString("userId"),
        text(json, "ruleId"), text(json, "eventId"), json.getString("relatedEntityId"), json.getInteger("points"),
        text(json, "badgeId"), text(json, "titleId"), json.getString("awardedAt"), json.getString("kind"),
        text(json, "levelId"));
      if (reward.rewardId() == null || reward.type() == null || reward.userId() == null || reward.ruleId() == null
        || reward.eventId() == null || reward.awardedAt() == null) {
        throw new IllegalArgumentException("a required field is missing");
      }
      return reward;
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("a field has the wrong type", e);
    }
  }

  /** Ids may be written as strings or numbers. */
  private static String text(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null ? null : value.toString();
  }

  /**
   * The record's value, every field in the order of CONTRACT §4 and then {@code kind} and {@code levelId}, nulls
   * written out. Written straight into a string:
   * every reward passes here, and building a JSON object to encode it cost the relay more than sending the record.
   */
  public String toJson() {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"rewardId\":");
    string(json, rewardId);
    json.append(",\"type\":");
    string(json, type);
    json.append(",\"userId\":");
    string(json, userId);
    json.append(",\"ruleId\":");
    string(json, ruleId);
    json.append(",\"eventId\":");
    string(json, eventId);
    json.append(",\"relatedEntityId\":");
    string(json, relatedEntityId);
    json.append(",\"points\":").append(points == null ? "null" : points.toString());
    json.append(",\"badgeId\":");
    string(json, badgeId);
    json.append(",\"titleId\":");
    string(json, titleId);
    json.append(",\"awardedAt\":");
    string(json, awardedAt);
    json.append(",\"kind\":");
    string(json, kind);
    json.append(",\"levelId\":");
    string(json, levelId);
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
