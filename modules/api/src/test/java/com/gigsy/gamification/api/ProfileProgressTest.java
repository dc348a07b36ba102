package com.gigsy.gamification.api;

import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.EventSender;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GamificationProfile.milestones} and {@code .streaks} (CONTRACT §7) on the whole service: rules created through
 * the API, events sent through Kafka with their attributes and {@code occurredAt}, progress read as a user reads their
 * own profile.
 */
class ProfileProgressTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE);

  private static final String CREATE_RULE = "mutation($i: RuleInput!) { createRule(input: $i) { id } }";
  private static final String PROGRESS = """
    query($u: ID!) { gamificationProfile(userId: $u) {
      totalPoints badges { badge { id } }
      milestones { rule { id threshold } count threshold completedAt }
      streaks { rule { id streak { length period } } current longest lastPeriodStart } } }""";

  @Test
  @DisplayName("a milestone counts distinct entities of matching events, completes at its threshold and counts on; "
    + "a user without progress has none")
  void milestones() {
    String gigCompleted = eventName("gig.completed");
    String badge = badge();
    String threeGigs = rule(new JsonObject().put("eventName", gigCompleted).put("description", "3 gigs")
      .put("badgeId", badge).put("threshold", 3));
    String paidGigs = rule(new JsonObject().put("eventName", gigCompleted).put("description", "2 paid gigs")
      .put("pointsAwarded", 30).put("threshold", 2)
      .put("conditions", new JsonArray().add(new JsonObject().put("attribute", "paid").put("op", "EQ").put("value", "true"))));
    String user = user();

    send(gigCompleted, user, "gig-1", null, new JsonObject().put("paid", true));
    send(gigCompleted, user, "gig-1", null, new JsonObject().put("paid", true));
    send(gigCompleted, user, "gig-2", null, null);
    JsonObject progress = awaitProfile(user, "two distinct gigs are counted",
      p -> milestone(p, threeGigs) != null && milestone(p, threeGigs).getInteger("count") == 2);
    assertThat(milestone(progress, threeGigs).getValue("completedAt")).isNull();
    assertThat(milestone(progress, threeGigs).getInteger("threshold")).isEqualTo(3);
    assertThat(milestone(progress, threeGigs).getJsonObject("rule").getInteger("threshold")).isEqualTo(3);
    assertThat(milestone(progress, paidGigs).getInteger("count")).as("one paid gig, the same one twice").isEqualTo(1);
    assertThat(milestone(progress, paidGigs).getValue("completedAt")).isNull();
    assertThat(progress.getJsonArray("badges")).isEmpty();

    Instant before = Instant.now().minusSeconds(1);
    send(gigCompleted, user, "gig-3", null, new JsonObject().put("paid", true));
    send(gigCompleted, user, "gig-4", null, null);
    progress = awaitProfile(user, "four distinct gigs are counted",
      // the profile's fields are read by several statements: wait until each has seen the batch
      p -> milestone(p, threeGigs).getInteger("count") == 4 && milestone(p, paidGigs).getInteger("count") == 2
        && p.getLong("totalPoints") == 30 && p.getJsonArray("badges").size() == 1);
    assertThat(Instant.parse(milestone(progress, threeGigs).getString("completedAt"))).isAfter(before);
    assertThat(progress.getJsonArray("badges")).containsExactly(new JsonObject().put("badge",
      new JsonObject().put("id", badge)));
    assertThat(milestone(progress, paidGigs).getInteger("count")).isEqualTo(2);
    assertThat(milestone(progress, paidGigs).getString("completedAt")).isNotNull();
    assertThat(progress.getLong("totalPoints")).isEqualTo(30);
    assertThat(progress.getJsonArray("milestones")).extracting(m -> ((JsonObject) m).getJsonObject("rule").getString("id"))
      .as("by rule id").containsExactly(threeGigs, paidGigs);
    assertThat(progress.getJsonArray("streaks")).isEmpty();

    JsonObject stranger = profile(user());
    assertThat(stranger.getJsonArray("milestones")).isEmpty();
    assertThat(stranger.getJsonArray("streaks")).isEmpty();
  }

  @Test
  @DisplayName("a streak shows its current run while its latest day is today or yesterday, its longest run and the "
    + "start of its latest period, and grants once; an old streak's current run is 0")
  void dailyStreaks() {
    String lessonCompleted = eventName("lesson.completed");
    String daily = rule(new JsonObject().put("eventName", lessonCompleted).put("description", "3 days in a row")
      .put("pointsAwarded", 70).put("streak", new JsonObject().put("length", 3).put("period", "DAY")));
    String user = user();
    Instant now = Instant.now();
    LocalDate today = day(now);

    // four days in a row long ago (completing the streak), then yesterday and (twice) today
    for (int day = 100; day > 96; day--) {
      send(lessonCompleted, user, null, now.minus(day, ChronoUnit.DAYS), null);
    }
    send(lessonCompleted, user, null, now.minus(1, ChronoUnit.DAYS), null);
    send(lessonCompleted, user, null, now, null);
    send(lessonCompleted, user, null, now, null);
    JsonObject progress = awaitProfile(user, "the lessons are applied",
      p -> streak(p, daily) != null && streak(p, daily).getString("lastPeriodStart").equals(today + "T00:00:00Z")
        && p.getLong("totalPoints") > 0);
    JsonObject days = streak(progress, daily);
    assertThat(days.getInteger("longest")).isEqualTo(4);
    assertThat(days.getInteger("current")).as("yesterday and today (today is yesterday after midnight)").isEqualTo(2);
    assertThat(days.getJsonObject("rule").getJsonObject("streak"))
      .isEqualTo(new JsonObject().put("length", 3).put("period", "DAY"));
    assertThat(progress.getLong("totalPoints")).as("the first run of 3 granted, once").isEqualTo(70);
    assertThat(progress.getJsonArray("milestones")).isEmpty();

    String old = user();
    for (int day = 10; day > 7; day--) {
      send(lessonCompleted, old, null, now.minus(day, ChronoUnit.DAYS), null);
    }
    JsonObject faded = awaitProfile(old, "the old lessons are applied",
      p -> streak(p, daily) != null && streak(p, daily).getInteger("longest") == 3 && p.getLong("totalPoints") > 0);
    assertThat(streak(faded, daily).getInteger("current")).as("the latest day was 8 days ago").isZero();
    assertThat(streak(faded, daily).getString("lastPeriodStart")).isEqualTo(today.minusDays(8) + "T00:00:00Z");
    assertThat(faded.getLong("totalPoints")).isEqualTo(70);
  }

  @Test
  @DisplayName("a weekly streak counts ISO weeks: this week and the last make a current run of 2; weeks long past, 0")
  void weeklyStreaks() {
    String courseCompleted = eventName("course.completed");
    String weekly = rule(new JsonObject().put("eventName", courseCompleted).put("description", "2 weeks in a row")
      .put("pointsAwarded", 5).put("streak", new JsonObject().put("length", 2).put("period", "WEEK")));
    Instant now = Instant.now();
    String user = user();
    String old = user();

    send(courseCompleted, user, null, now.minus(7, ChronoUnit.DAYS), null);
    send(courseCompleted, user, null, now, null);
    send(courseCompleted, old, null, now.minus(42, ChronoUnit.DAYS), null);
    send(courseCompleted, old, null, now.minus(35, ChronoUnit.DAYS), null);

    JsonObject weeks = streak(awaitProfile(user, "this week's course is applied",
      p -> streak(p, weekly) != null && streak(p, weekly).getInteger("longest") == 2), weekly);
    assertThat(weeks.getInteger("current")).isEqualTo(2);
    assertThat(weeks.getString("lastPeriodStart")).isEqualTo(monday(now) + "T00:00:00Z");
    JsonObject past = streak(awaitProfile(old, "the old courses are applied",
      p -> streak(p, weekly) != null && streak(p, weekly).getInteger("longest") == 2), weekly);
    assertThat(past.getInteger("current")).isZero();
    assertThat(past.getString("lastPeriodStart")).isEqualTo(monday(now.minus(35, ChronoUnit.DAYS)) + "T00:00:00Z");
    assertThat(profile(old).getLong("totalPoints")).isEqualTo(5);
  }

  // --- helpers

  private static String eventName(String base) {
    return base + ".t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  private static String user() {
    return "progress-" + UUID.randomUUID();
  }

  private static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private static LocalDate monday(Instant at) {
    return day(at).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  private static void send(String eventName, String user, String entity, Instant occurredAt, JsonObject attributes) {
    JsonObject event = EventSender.event(eventName, user, entity);
    if (occurredAt != null) {
      event.put("occurredAt", occurredAt.truncatedTo(ChronoUnit.MILLIS).toString());
    }
    if (attributes != null) {
      event.put("attributes", attributes);
    }
    SERVICE.events().send(event);
  }

  private static String rule(JsonObject input) {
    return SERVICE.admin().data(CREATE_RULE, new JsonObject().put("i", input)).getJsonObject("createRule").getString("id");
  }

  private static String badge() {
    return SERVICE.admin().data("mutation { createBadge(input: {name: \"Reliable\", description: \"d\", "
      + "iconUrl: \"https://cdn.gigsy.test/r.png\"}) { id } }", new JsonObject()).getJsonObject("createBadge")
      .getString("id");
  }

  /** The profile as its user reads it. */
  private static JsonObject profile(String user) {
    return SERVICE.graphql(TestTokens.user(user)).data(PROGRESS, new JsonObject().put("u", user))
      .getJsonObject("gamificationProfile");
  }

  private static JsonObject awaitProfile(String user, String what, Predicate<JsonObject> done) {
    JsonObject[] last = new JsonObject[1];
    Await.until(what, () -> done.test(last[0] = profile(user)));
    return last[0];
  }

  private static JsonObject milestone(JsonObject profile, String ruleId) {
    return find(profile.getJsonArray("milestones"), ruleId);
  }

  private static JsonObject streak(JsonObject profile, String ruleId) {
    return find(profile.getJsonArray("streaks"), ruleId);
  }

  private static JsonObject find(JsonArray progress, String ruleId) {
    for (int i = 0; i < progress.size(); i++) {
      if (progress.getJsonObject(i).getJsonObject("rule").getString("id").equals(ruleId)) {
        return progress.getJsonObject(i);
      }
    }
    return null;
  }
}
