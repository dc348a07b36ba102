package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.runtime.Migrations;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.EventSender;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo rule set of dev mode (CONTRACT §7's kinds: a capped rule, a milestone, a condition, a streak, points from an
 * attribute) applied by the service to events sent as {@code ./gamification send … --attr} sends them, and an earlier
 * demo set's uncapped application.sent rule capped in place.
 */
class DemoRulesTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(Service::start).configured(c -> c.with(Setting.DEMO_DATA, "true"));

  private static final String PROFILE = """
    query($u: ID!) { gamificationProfile(userId: $u) {
      totalPoints badges { badge { name } } titles { title { name } }
      milestones { count completedAt } streaks { current longest } } }""";

  @Test
  @DisplayName("application.sent pays 5 points at most 10 times a day; the 5th gig earns Reliable Freelancer; a score "
    + "of 90 earns Top of the Class; gig.paid pays 10 % of the amount; 7 days of lessons earn Dedicated Learner")
  void demoRules() {
    String user = "demo-" + UUID.randomUUID();
    Instant now = Instant.now();
    for (int i = 1; i <= 12; i++) {
      send("application.sent", user, "application-" + i, now, null);
    }
    for (int i = 1; i <= 5; i++) {
      send("gig.completed", user, "gig-" + i, now, null);
    }
    send("course.completed", user, "course-1", now, new JsonObject().put("score", 89.5));
    send("course.completed", user, "course-2", now, new JsonObject().put("score", 90));
    send("gig.paid", user, "gig-1", now, new JsonObject().put("amount", 1234.5).put("currency", "EUR"));
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    for (int day = 6; day >= 0; day--) {
      send("lesson.completed", user, null, today.minusDays(day).atStartOfDay().toInstant(ZoneOffset.UTC), null);
    }

    JsonObject[] profile = new JsonObject[1];
    Await.until("the last lesson is applied", () -> {
      profile[0] = SERVICE.admin().data(PROFILE, new JsonObject().put("u", user)).getJsonObject("gamificationProfile");
      return names(profile[0].getJsonArray("titles"), "title").contains("Dedicated Learner")
        && profile[0].getLong("totalPoints") == 50 + 500 + 100 + 123;
    });
    // 10 × 5 (application.sent) + 5 × 100 (gigs) + 2 × 50 (courses) + floor(1234.5 × 0.1)
    assertThat(profile[0].getLong("totalPoints")).isEqualTo(50 + 500 + 100 + 123);
    assertThat(names(profile[0].getJsonArray("badges"), "badge"))
      .containsExactlyInAnyOrder("First Gig", "Reliable Freelancer", "Top of the Class");
    assertThat(names(profile[0].getJsonArray("titles"), "title")).containsExactlyInAnyOrder("Top Learner", "Dedicated Learner");
    assertThat(profile[0].getJsonArray("milestones").getJsonObject(0).getInteger("count")).isEqualTo(5);
    assertThat(profile[0].getJsonArray("streaks").getJsonObject(0).getInteger("current")).isEqualTo(7);
  }

  @Test
  @DisplayName("an earlier demo set's uncapped application.sent rule is capped in place (same id, its points kept) once; "
    + "loading again, or after an admin lifts the cap, changes nothing")
  void earlierDemoSetIsCapped() {
    Pool earlier = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(TestStack.get().newDatabaseUrl()))
      .using(SERVICE.vertx()).build();
    try {
      Await.result(Migrations.apply(SERVICE.vertx(), earlier));
      long old = one(earlier, """
        INSERT INTO gamification_rules (event_name, description, points_awarded)
        VALUES ('application.sent', '5 points for sending an application', 5) RETURNING id""").getLong(0);
      Await.result(earlier.preparedQuery("""
        INSERT INTO points_log (user_id, points, rule_id, event_id, dedupe_key, occurred_at, created_by)
        VALUES ('earlier-user', 5, $1, 'earlier-event', 'event:earlier-event', now(), 'test')""").execute(Tuple.of(old)));

      Await.result(DemoData.load(SERVICE.vertx(), earlier));
      Await.result(DemoData.load(SERVICE.vertx(), earlier));

      String applicationRules = "SELECT id, description, points_awarded, cap_count, cap_period FROM gamification_rules "
        + "WHERE event_name = 'application.sent'";
      assertThat(rows(earlier, applicationRules)).singleElement().satisfies(rule -> {
        assertThat(rule.getLong("id")).isEqualTo(old);
        assertThat(rule.getString("description")).isEqualTo("5 points for sending an application, at most 10 a day");
        assertThat(rule.getInteger("points_awarded")).isEqualTo(5);
        assertThat(rule.getInteger("cap_count")).isEqualTo(10);
        assertThat(rule.getString("cap_period")).isEqualTo("DAY");
      });
      assertThat(one(earlier, "SELECT count(*) FROM gamification_rules WHERE built_in IS NULL").getLong(0))
        .as("the other seven added").isEqualTo(8);

      Await.result(earlier.query("UPDATE gamification_rules SET cap_count = NULL, cap_period = NULL "
        + "WHERE event_name = 'application.sent'").execute());
      Await.result(DemoData.load(SERVICE.vertx(), earlier));
      assertThat(rows(earlier, applicationRules)).as("an admin's uncapping is kept").singleElement()
        .satisfies(rule -> assertThat(rule.getValue("cap_count")).isNull());
      assertThat(one(earlier, "SELECT count(*) FROM points_log WHERE rule_id = $1", old).getLong(0)).isEqualTo(1);
    } finally {
      Await.result(earlier.close());
    }
  }

  private static void send(String eventName, String user, String entity, Instant occurredAt, JsonObject attributes) {
    JsonObject event = EventSender.event(eventName, user, entity).put("occurredAt", occurredAt.toString());
    if (attributes != null) {
      event.put("attributes", attributes);
    }
    SERVICE.events().send(event);
  }

  private static List<String> names(JsonArray held, String field) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < held.size(); i++) {
      names.add(held.getJsonObject(i).getJsonObject(field).getString("name"));
    }
    return names;
  }

  private static Row one(Pool pool, String sql, Object... params) {
    return rows(pool, sql, params).get(0);
  }

  private static List<Row> rows(Pool pool, String sql, Object... params) {
    List<Row> rows = new ArrayList<>();
    Await.result(pool.preparedQuery(sql).execute(Tuple.from(params))).forEach(rows::add);
    return rows;
  }
}
