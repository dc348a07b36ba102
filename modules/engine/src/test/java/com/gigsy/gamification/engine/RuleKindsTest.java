package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.ApplyResult;
import com.gigsy.gamification.core.GamificationEvent;
import com.gigsy.gamification.core.Role;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.ServiceStarter;
import com.gigsy.gamification.testing.TestService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.gigsy.gamification.engine.EngineSteps.event;
import static com.gigsy.gamification.engine.EngineSteps.unique;
import static com.gigsy.gamification.engine.EngineSteps.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule kinds of CONTRACT §7 on the real database, through the engine's own door (a batch over the event bus):
 * conditions, points from an attribute, campaign windows, caps, milestones and streaks, each at its edges. Events of
 * one user within a batch count in the order of the batch (partition order), whatever their {@code occurredAt}.
 */
class RuleKindsTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ServiceStarter.of(Map.of(
      Role.ENGINE, List.of(EngineVerticle::new, RewardsRelayVerticle::new))))
    .configured(config -> config.with(Setting.ROLES, "engine"));

  private static final EngineSteps steps = new EngineSteps(SERVICE);
  private static final Instant MONDAY_NOON = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  @DisplayName("conditions: numbers compare numerically, strings as strings, a missing attribute fails all but NE")
  void conditions() {
    String coursePassed = unique("course.passed");
    long topOfClass = rule(coursePassed, "score >= 90", "points_awarded => 10, conditions => $c",
      conditions(cond("score", "GTE", "90")));
    long gold = rule(coursePassed, "level is gold", "points_awarded => 3, conditions => $c",
      conditions(cond("level", "EQ", "gold")));
    long notTrial = rule(coursePassed, "not a trial", "points_awarded => 1, conditions => $c",
      conditions(cond("plan", "NE", "trial")));
    long listed = rule(coursePassed, "track in a list", "points_awarded => 100, conditions => $c",
      conditions(condIn("track", "java", "10")));
    String user = user();

    apply(event(user, coursePassed, "c1", MONDAY_NOON, new JsonObject().put("score", 90.0).put("level", "gold")),
      event(user, coursePassed, "c2", MONDAY_NOON, new JsonObject().put("score", "95").put("plan", "trial")),
      event(user, coursePassed, "c3", MONDAY_NOON, new JsonObject().put("score", 89.99).put("track", 10)),
      event(user, coursePassed, "c4", MONDAY_NOON, null));

    assertThat(pointsByEntity(user, topOfClass)).as("90.0 >= 90; the string '95' is not a number")
      .containsExactly("c1");
    assertThat(pointsByEntity(user, gold)).containsExactly("c1");
    assertThat(pointsByEntity(user, notTrial)).as("NE holds for a missing attribute").containsExactly("c1", "c3", "c4");
    assertThat(pointsByEntity(user, listed)).as("the number 10 is IN ['java', '10'], read as a decimal")
      .containsExactly("c3");
  }

  @Test
  @DisplayName("points from an attribute: floor(value × multiplier), at most 1,000,000; a missing or non-number one "
    + "does not match; below 1 grants no points but the rule's other rewards")
  void pointsFromAttribute() {
    String gigPaid = unique("gig.paid");
    long badge = badge();
    long tenPercent = rule(gigPaid, "10 % of the amount",
      "points_from_attribute => 'amount', points_multiplier => 0.1, badge_id => " + badge, null);
    String user = user();
    String small = user();

    apply(event(user, gigPaid, "g1", MONDAY_NOON, new JsonObject().put("amount", 1234.5)),
      event(user, gigPaid, "g2", MONDAY_NOON, new JsonObject().put("amount", "1000")),
      event(user, gigPaid, "g3", MONDAY_NOON, new JsonObject().put("amount", 1e12)),
      event(small, gigPaid, "g4", MONDAY_NOON, new JsonObject().put("amount", 9)));

    assertThat(points(user, tenPercent)).containsExactly(123, 1_000_000);
    assertThat(points(small, tenPercent)).as("floor(0.9) < 1").isEmpty();
    assertThat(badges(small)).containsExactly(badge);
  }

  @Test
  @DisplayName("a campaign window includes its start and excludes its end")
  void window() {
    String courseCompleted = unique("course.completed");
    long december = rule(courseCompleted, "double points in December",
      "points_awarded => 50, valid_from => '2026-12-01T00:00:00Z', valid_until => '2027-01-01T00:00:00Z'", null);
    String user = user();

    apply(event(user, courseCompleted, "before", Instant.parse("2026-11-30T23:59:59.999999Z"), null),
      event(user, courseCompleted, "start", Instant.parse("2026-12-01T00:00:00Z"), null),
      event(user, courseCompleted, "last", Instant.parse("2026-12-31T23:59:59.999999Z"), null),
      event(user, courseCompleted, "end", Instant.parse("2027-01-01T00:00:00Z"), null));

    assertThat(pointsByEntity(user, december)).containsExactly("start", "last");
  }

  @Test
  @DisplayName("a cap counts per UTC day: the first N in partition order win, the day ends at midnight UTC, "
    + "and an event past the cap grants nothing later")
  void capPerDay() {
    String applicationSent = unique("application.sent");
    long capped = rule(applicationSent, "5 points, 2 a day", "points_awarded => 5, cap_count => 2, cap_period => 'DAY'",
      null);
    String user = user();
    Instant lateMonday = Instant.parse("2026-11-30T23:59:59.999Z");
    Instant tuesday = Instant.parse("2026-12-01T00:00:00Z");

    // out of time order within the batch: partition order decides
    apply(event(user, applicationSent, "a3", lateMonday, null),
      event(user, applicationSent, "a1", MONDAY_NOON, null),
      event(user, applicationSent, "a2", MONDAY_NOON, null),
      event(user, applicationSent, "b1", tuesday, null));
    apply(event(user, applicationSent, "a4", MONDAY_NOON, null),
      event(user, applicationSent, "a1", MONDAY_NOON, null),
      event(user, applicationSent, "b2", tuesday, null),
      event(user, applicationSent, "b3", tuesday, null));

    assertThat(pointsByEntity(user, capped)).containsExactlyInAnyOrder("a3", "a1", "b1", "b2");
    assertThat(steps.count("SELECT count(*) FROM rule_cap_counters WHERE user_id = $1", user)).isEqualTo(2);
  }

  @Test
  @DisplayName("an entity refused by a full day's cap can still pay on another day, once, even within one batch")
  void capAndDedupeKey() {
    String applicationSent = unique("application.sent");
    long capped = rule(applicationSent, "1 a day", "points_awarded => 5, cap_count => 1, cap_period => 'DAY'", null);
    String user = user();
    Instant tuesday = Instant.parse("2026-12-01T09:00:00Z");

    apply(event(user, applicationSent, "x", MONDAY_NOON, null),
      event(user, applicationSent, "y", MONDAY_NOON, null),
      event(user, applicationSent, "y", tuesday, null),
      event(user, applicationSent, "x", tuesday, null),
      event(user, applicationSent, "z", tuesday, null));

    assertThat(pointsByEntity(user, capped)).as("x fills Monday; y waits for Tuesday and fills it; x was paid already")
      .containsExactly("x", "y");
  }

  @Test
  @DisplayName("a weekly cap follows the ISO week: Sunday 23:59 and Monday 00:00 are two weeks")
  void capPerIsoWeek() {
    String gigCompleted = unique("gig.completed");
    long capped = rule(gigCompleted, "once a week", "points_awarded => 7, cap_count => 1, cap_period => 'WEEK'", null);
    String user = user();

    apply(event(user, gigCompleted, "sun", Instant.parse("2026-12-06T23:59:59Z"), null),
      event(user, gigCompleted, "mon", Instant.parse("2026-12-07T00:00:00Z"), null),
      event(user, gigCompleted, "tue", Instant.parse("2026-12-08T10:00:00Z"), null));

    assertThat(pointsByEntity(user, capped)).containsExactly("sun", "mon");
  }

  @Test
  @DisplayName("a milestone counts distinct entities and grants once, at the event that reaches it, even inside one batch")
  void milestone() {
    String gigCompleted = unique("gig.completed");
    long badge = badge();
    long second = rule(gigCompleted, "2 gigs", "points_awarded => 20, threshold => 2", null);
    long fifth = rule(gigCompleted, "5 gigs", "badge_id => " + badge + ", threshold => 5", null);
    String user = user();

    apply(event(user, gigCompleted, "g1", MONDAY_NOON, null), event(user, gigCompleted, "g1", MONDAY_NOON, null));
    assertThat(points(user, second)).as("one distinct gig so far").isEmpty();
    apply(event(user, gigCompleted, "g2", MONDAY_NOON, null), event(user, gigCompleted, "g3", MONDAY_NOON, null),
      event(user, gigCompleted, "g4", MONDAY_NOON, null), event(user, gigCompleted, "g5", MONDAY_NOON, null),
      event(user, gigCompleted, "g6", MONDAY_NOON, null));

    assertThat(steps.rows("SELECT event_id, related_entity_id, dedupe_key FROM points_log WHERE user_id = $1 AND rule_id = $2",
      user, second)).singleElement().satisfies(row -> {
        assertThat(row.getString("related_entity_id")).isEqualTo("g2");
        assertThat(row.getString("dedupe_key")).isEqualTo("once");
      });
    assertThat(steps.rows("SELECT event_id FROM user_badges WHERE user_id = $1 AND badge_id = $2", user, badge))
      .extracting(row -> row.getString("event_id")).singleElement().asString().contains("-g5-");
    assertThat(steps.rows("SELECT count, completed_at FROM rule_progress WHERE user_id = $1 AND rule_id = $2", user, fifth))
      .singleElement().satisfies(row -> {
        assertThat(row.getInteger("count")).isEqualTo(6);
        assertThat(row.getValue("completed_at")).isNotNull();
      });
  }

  @Test
  @DisplayName("a streak completes at the first run of its length, also when a late event fills the gap")
  void streak() {
    String lessonDone = unique("lesson.done");
    long title = title();
    long streak = rule(lessonDone, "3 days in a row", "title_id => " + title + ", streak_length => 3, "
      + "streak_period => 'DAY'", null);
    String user = user();

    apply(event(user, lessonDone, "d1", Instant.parse("2026-11-01T08:00:00Z"), null),
      event(user, lessonDone, "d3", Instant.parse("2026-11-03T08:00:00Z"), null),
      event(user, lessonDone, "d3b", Instant.parse("2026-11-03T09:00:00Z"), null));
    assertThat(titles(user)).as("1 and 3: no run of 3 yet").isEmpty();
    assertThat(progress(user, streak)).containsExactly(1, "2026-11-03", 1);

    apply(event(user, lessonDone, "d5", Instant.parse("2026-11-05T08:00:00Z"), null),
      event(user, lessonDone, "d2", Instant.parse("2026-11-02T23:59:59Z"), null),
      event(user, lessonDone, "d4", Instant.parse("2026-11-04T08:00:00Z"), null));

    assertThat(steps.rows("SELECT event_id FROM user_titles WHERE user_id = $1", user))
      .extracting(row -> row.getString("event_id")).as("the late event of day 2 completes 1-2-3")
      .singleElement().asString().contains("-d2-");
    assertThat(progress(user, streak)).containsExactly(5, "2026-11-05", 5);
  }

  @Test
  @DisplayName("a weekly streak counts ISO weeks")
  void weeklyStreak() {
    String lessonDone = unique("lesson.done");
    long streak = rule(lessonDone, "2 weeks in a row", "points_awarded => 40, streak_length => 2, streak_period => 'WEEK'",
      null);
    String user = user();

    apply(event(user, lessonDone, "w1", Instant.parse("2026-11-29T23:00:00Z"), null),
      event(user, lessonDone, "w2", Instant.parse("2026-11-30T01:00:00Z"), null));

    assertThat(points(user, streak)).containsExactly(40);
    assertThat(progress(user, streak)).containsExactly(2, "2026-11-30", 2);
  }

  @Test
  @DisplayName("a reversal takes back, once, what the reversed rule granted for the entity before it; one with nothing to "
    + "take back does nothing, even earlier in the same batch")
  void reversal() {
    String gigCompleted = unique("gig.completed");
    String gigCancelled = unique("gig.cancelled");
    long gig = rule(gigCompleted, "gig points", "points_awarded => 100", null);
    rule(gigCancelled, "a cancelled gig", "reverses => " + gig, null);
    String user = user();

    apply(event(user, gigCancelled, "g1", MONDAY_NOON, null),
      event(user, gigCompleted, "g1", MONDAY_NOON, null),
      event(user, gigCompleted, "g2", MONDAY_NOON, null),
      event(user, gigCancelled, "g1", MONDAY_NOON, null),
      event(user, gigCancelled, "g1", MONDAY_NOON, null));
    apply(event(user, gigCancelled, "g1", MONDAY_NOON, null), event(user, gigCancelled, "g3", MONDAY_NOON, null));

    assertThat(steps.rows("SELECT points, kind, dedupe_key FROM points_log WHERE user_id = $1 AND rule_id = $2 ORDER BY id", user, gig))
      .extracting(row -> row.getInteger(0) + " " + row.getString(1) + " " + row.getString(2))
      .containsExactly("100 RULE entity:g1", "100 RULE entity:g2", "-100 REVERSAL reversal:entity:g1");
    assertThat(steps.count("SELECT total_points FROM user_totals WHERE user_id = $1", user)).isEqualTo(100);
  }

  @Test
  @DisplayName("a level is reached once, at the first event whose running total reaches it, even when points are taken "
    + "back later in the batch; its badge comes with it")
  void level() {
    String course = unique("course.completed");
    String cancel = unique("course.cancelled");
    long points = rule(course, "course points", "points_awarded => 60", null);
    rule(cancel, "a cancelled course", "reverses => " + points, null);
    long badge = badge();
    long level = Await.result(SERVICE.db().preparedQuery("INSERT INTO levels (name, min_points, badge_id) VALUES ($1, $2, $3) "
      + "RETURNING id").execute(Tuple.of("Hundred " + UUID.randomUUID(), 100_000 + new java.util.Random().nextInt(1000), badge)))
      .iterator().next().getLong(0);
    long minPoints = Await.result(SERVICE.db().preparedQuery("SELECT min_points FROM levels WHERE id = $1").execute(Tuple.of(level)))
      .iterator().next().getLong(0);
    String user = user();
    Await.result(SERVICE.db().preparedQuery("INSERT INTO user_totals (user_id, total_points) VALUES ($1, $2)")
      .execute(Tuple.of(user, minPoints - 100)));

    apply(event(user, course, "c1", MONDAY_NOON, null), event(user, course, "c2", MONDAY_NOON, null),
      event(user, cancel, "c2", MONDAY_NOON, null), event(user, cancel, "c1", MONDAY_NOON, null));

    assertThat(steps.rows("SELECT event_id FROM user_levels WHERE user_id = $1 AND level_id = $2", user, level))
      .extracting(row -> row.getString(0)).singleElement().asString().contains("-c2-");
    assertThat(badges(user)).containsExactly(badge);
    assertThat(steps.count("SELECT total_points FROM user_totals WHERE user_id = $1", user)).isEqualTo(minPoints - 100);
  }

  @Test
  @DisplayName("a rule changed between two batches applies to the next one")
  void updatedRule() {
    String profileCompleted = unique("profile.completed");
    long rule = rule(profileCompleted, "points", "points_awarded => 5", null);
    String user = user();
    apply(event(user, profileCompleted, "p1", MONDAY_NOON, null));
    Await.result(SERVICE.db().preparedQuery("UPDATE gamification_rules SET points_awarded = 8, "
      + "conditions = '[{\"attribute\":\"ok\",\"op\":\"EXISTS\"}]' WHERE id = $1").execute(Tuple.of(rule)));
    apply(event(user, profileCompleted, "p2", MONDAY_NOON, null),
      event(user, profileCompleted, "p3", MONDAY_NOON, new JsonObject().put("ok", true)));

    assertThat(points(user, rule)).containsExactly(5, 8);
  }

  @Test
  @DisplayName("two batches of one user applied at once never pass a cap together (the user's lock orders them)")
  void concurrentBatchesRespectTheCap() {
    String applicationSent = unique("application.sent");
    long capped = rule(applicationSent, "3 a day", "points_awarded => 5, cap_count => 3, cap_period => 'DAY'", null);
    String user = user();
    List<Future<ApplyResult>> inFlight = new ArrayList<>();
    for (int batch = 0; batch < 4; batch++) {
      List<GamificationEvent> events = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        events.add(event(user, applicationSent, "b" + batch + "-" + i, MONDAY_NOON, null));
      }
      inFlight.add(steps.send(events));
    }
    inFlight.forEach(Await::result);

    assertThat(points(user, capped)).hasSize(3);
    assertThat(steps.count("SELECT grants FROM rule_cap_counters WHERE user_id = $1", user)).isEqualTo(3);
  }

  // --- helpers




  private static void apply(GamificationEvent... events) {
    ApplyResult result = Await.result(steps.send(List.of(events)));
    assertThat(result.outcomes()).noneMatch(o -> o.status() == ApplyResult.Status.REJECTED);
  }


  /** A rule on {@code event}; {@code columns} are SQL assignments {@code column => value}, {@code $c} the conditions. */
  private static long rule(String event, String description, String columns, JsonArray conditions) {
    StringBuilder names = new StringBuilder("event_name, description");
    StringBuilder values = new StringBuilder("$1, $2");
    for (String assignment : columns.split(",\\s*(?=[a-z_]+ =>)")) {
      String[] parts = assignment.split("\\s*=>\\s*", 2);
      names.append(", ").append(parts[0].trim());
      values.append(", ").append(parts[1].trim().equals("$c") ? "$3::jsonb" : parts[1].trim());
    }
    String sql = "INSERT INTO gamification_rules (" + names + ") VALUES (" + values + ") RETURNING id";
    Tuple params = conditions == null ? Tuple.of(event, description) : Tuple.of(event, description, conditions);
    return Await.result(SERVICE.db().preparedQuery(sql).execute(params)).iterator().next().getLong("id");
  }

  private static JsonArray conditions(JsonObject... conditions) {
    return new JsonArray(List.of((Object[]) conditions));
  }

  /** A condition as the API stores it: the value, and the value read as a decimal when it is one. */
  private static JsonObject cond(String attribute, String op, String value) {
    JsonObject condition = new JsonObject().put("attribute", attribute).put("op", op).put("value", value);
    try {
      condition.put("number", new java.math.BigDecimal(value).toPlainString());
    } catch (NumberFormatException e) {
      // not a number: numeric comparisons never hold
    }
    return condition;
  }

  private static JsonObject condIn(String attribute, String... values) {
    JsonArray numbers = new JsonArray();
    for (String value : values) {
      try {
        numbers.add(new java.math.BigDecimal(value).toPlainString());
      } catch (NumberFormatException e) {
        // skipped for numeric comparison
      }
    }
    return new JsonObject().put("attribute", attribute).put("op", "IN").put("values", new JsonArray(List.of((Object[]) values)))
      .put("numbers", numbers);
  }

  private static long badge() {
    return Await.result(SERVICE.db().query("INSERT INTO badges (name, description, icon_url) "
      + "VALUES ('b', 'd', 'https://x.test/b.png') RETURNING id").execute()).iterator().next().getLong("id");
  }

  private static long title() {
    return Await.result(SERVICE.db().query("INSERT INTO titles (name, description) VALUES ('t', 'd') RETURNING id")
      .execute()).iterator().next().getLong("id");
  }



  private static List<String> pointsByEntity(String user, long rule) {
    return steps.rows("SELECT related_entity_id FROM points_log WHERE user_id = $1 AND rule_id = $2 ORDER BY id", user, rule)
      .stream().map(row -> row.getString(0)).toList();
  }

  private static List<Integer> points(String user, long rule) {
    return steps.rows("SELECT points FROM points_log WHERE user_id = $1 AND rule_id = $2 ORDER BY id", user, rule)
      .stream().map(row -> row.getInteger(0)).toList();
  }

  private static List<Long> badges(String user) {
    return steps.rows("SELECT badge_id FROM user_badges WHERE user_id = $1", user).stream().map(row -> row.getLong(0)).toList();
  }

  private static List<Long> titles(String user) {
    return steps.rows("SELECT title_id FROM user_titles WHERE user_id = $1", user).stream().map(row -> row.getLong(0)).toList();
  }

  /** longest, last marked period, run ending at it. */
  private static List<Object> progress(String user, long rule) {
    Row row = steps.rows("SELECT longest, last_period::text, last_run FROM streak_progress WHERE user_id = $1 AND rule_id = $2",
      user, rule).get(0);
    return List.of(row.getInteger(0), row.getString(1), row.getInteger(2));
  }
}
