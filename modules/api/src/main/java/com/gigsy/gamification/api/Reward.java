package com.gigsy.gamification.api;

import io.vertx.core.json.JsonObject;

/**
 * A reward as published on the rewards topic (CONTRACT §4), as GraphQL {@code Reward}. Ids are kept as
 * the strings the relay writes; {@code awardedAt} is ISO-8601, serialized by the DateTime scalar.
 */
record Reward(String rewardId, String type, String userId, String ruleId, String eventId, String relatedEntityId,
              Integer points, String badgeId, String titleId, String awardedAt) {

  /** @throws IllegalArgumentException when a required field is missing or of the wrong type */
  static Reward fromJson(JsonObject json) {
    try {
      Reward reward = new Reward(json.getString("rewardId"), json.getString("type"), json.getString("userId"),
        text(json, "ruleId"), text(json, "eventId"), json.getString("relatedEntityId"), json.getInteger("points"),
        text(json, "badgeId"), text(json, "titleId"), json.getString("awardedAt"));
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
}
