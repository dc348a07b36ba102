package com.gigsy.gamification.core;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RewardMessageTest {

  private static final String AWARDED_AT = RewardMessage.awardedAt(OffsetDateTime.parse("2026-11-30T09:00:00.123456789+01:00"));

  @Test
  @DisplayName("A points reward: every contract field in order, ids as strings, awardedAt in UTC with microseconds")
  void pointsReward() {
    RewardMessage reward = new RewardMessage("r-1", "POINTS", "u1", RewardMessage.id(3L), "e1", "course-42", 50, null, null,
      AWARDED_AT, "RULE", null);
    JsonObject json = new JsonObject(reward.toJson());
    JsonObject expected = new JsonObject().put("rewardId", "r-1").put("type", "POINTS").put("userId", "u1")
      .put("ruleId", "3").put("eventId", "e1").put("relatedEntityId", "course-42").put("points", 50)
      .putNull("badgeId").putNull("titleId").put("awardedAt", "2026-11-30T08:00:00.123456Z").put("kind", "RULE")
      .putNull("levelId");
    assertThat(json).isEqualTo(expected);
    assertThat(json.fieldNames()).containsExactlyElementsOf(expected.fieldNames());
  }

  @Test
  @DisplayName("Strings from producers are escaped: quotes, backslashes, control characters and other scripts survive")
  void escapes() {
    String user = "a\"b\\c\nd\u0001é日本";
    JsonObject json = new JsonObject(new RewardMessage("r-2", "BADGE", user, "4", "e\t2", null, null, "7", null, AWARDED_AT, null, null)
      .toJson());
    assertThat(json.getString("userId")).isEqualTo(user);
    assertThat(json.getString("eventId")).isEqualTo("e\t2");
    assertThat(json.getString("relatedEntityId")).isNull();
    assertThat(json.getValue("points")).isNull();
    assertThat(json.getString("badgeId")).isEqualTo("7");
  }

  @Test
  @DisplayName("What the writer writes, the reader reads back equal, nulls included")
  void roundTrip() {
    RewardMessage points = new RewardMessage("r-1", "POINTS", "u\"1", "3", "e1", "course-42",
      -50, null, null, AWARDED_AT, "REVERSAL", null);
    RewardMessage badge = new RewardMessage("r-2", "BADGE", "日本", "4", "e2", null, null, "7", null, AWARDED_AT, null, null);
    RewardMessage level = new RewardMessage("r-3", "LEVEL", "u", "9", "e3", null, null, null, null, AWARDED_AT, null, "2");
    assertThat(RewardMessage.fromJson(new JsonObject(points.toJson()))).isEqualTo(points);
    assertThat(RewardMessage.fromJson(new JsonObject(badge.toJson()))).isEqualTo(badge);
    assertThat(RewardMessage.fromJson(new JsonObject(level.toJson()))).isEqualTo(level);
  }

  @Test
  @DisplayName("The reader takes numeric ids and refuses a record without a required field or with a wrong type")
  void reader() {
    JsonObject numeric = new JsonObject().put("rewardId", "r").put("type", "TITLE").put("userId", "u").put("ruleId", 3)
      .put("eventId", "e").put("titleId", 9).put("awardedAt", AWARDED_AT);
    assertThat(RewardMessage.fromJson(numeric).titleId()).isEqualTo("9");
    assertThatThrownBy(() -> RewardMessage.fromJson(numeric.copy().putNull("userId")))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RewardMessage.fromJson(numeric.copy().put("points", "many")))
      .isInstanceOf(IllegalArgumentException.class);
  }
}
