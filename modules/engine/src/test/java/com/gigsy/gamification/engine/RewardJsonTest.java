package com.gigsy.gamification.engine;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class RewardJsonTest {

  private static final OffsetDateTime AWARDED_AT = OffsetDateTime.parse("2026-11-30T09:00:00.123456789+01:00");

  @Test
  @DisplayName("A points reward: every contract field, ids as strings, awardedAt in UTC with microseconds")
  void pointsReward() {
    JsonObject json = new JsonObject(RewardJson.render("r-1", "POINTS", "u1", 3L, "e1", "course-42", 50, null, null, AWARDED_AT));
    JsonObject expected = new JsonObject().put("rewardId", "r-1").put("type", "POINTS").put("userId", "u1")
      .put("ruleId", "3").put("eventId", "e1").put("relatedEntityId", "course-42").put("points", 50)
      .putNull("badgeId").putNull("titleId").put("awardedAt", "2026-11-30T08:00:00.123456Z");
    assertThat(json).isEqualTo(expected);
    assertThat(json.fieldNames()).containsExactlyElementsOf(expected.fieldNames());
  }

  @Test
  @DisplayName("Strings from producers are escaped: quotes, backslashes, control characters and other scripts survive")
  void escapes() {
    String user = "a\"b\\c\nd\u0001é日本";
    JsonObject json = new JsonObject(RewardJson.render("r-2", "BADGE", user, 4L, "e\t2", null, null, 7L, null, AWARDED_AT));
    assertThat(json.getString("userId")).isEqualTo(user);
    assertThat(json.getString("eventId")).isEqualTo("e\t2");
    assertThat(json.getString("relatedEntityId")).isNull();
    assertThat(json.getValue("points")).isNull();
    assertThat(json.getString("badgeId")).isEqualTo("7");
  }
}
