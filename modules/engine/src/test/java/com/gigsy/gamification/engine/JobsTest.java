package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.ApplyResult;
import com.gigsy.gamification.core.GamificationEvent;
import com.gigsy.gamification.core.Role;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.core.UserLocks;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.ServiceStarter;
import com.gigsy.gamification.testing.TestService;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.gigsy.gamification.engine.EngineSteps.unique;
import static com.gigsy.gamification.engine.EngineSteps.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Background jobs (CONTRACT §8) on the real database, run by the engine role's {@link JobsVerticle}: a backfill replays
 * the inbox's events to one rule in occurredAt order, in batches (of 3 here), exactly once with live traffic, with a
 * second backfill and after a runner vanished; a level's award reaches the users whose total already reaches it.
 */
class JobsTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ServiceStarter.of(Map.of(
      Role.ENGINE, List.of(EngineVerticle::new, RewardsRelayVerticle::new, JobsVerticle::new))))
    .configured(config -> config.with(Setting.ROLES, "engine").with(Setting.ENGINE_BATCH_SIZE, "3"));

  private static final EngineSteps steps = new EngineSteps(SERVICE);
  private static final Instant DAY_1 = Instant.parse("2026-11-02T10:00:00Z");

  @Test
  @DisplayName("a milestone backfilled counts the past in occurredAt order: the event reaching it is the earliest one, "
    + "whatever order the inbox received them in")
  void backfillInOccurredAtOrder() {
    String gig = unique("gig.completed");
    String user = user();
    apply(event(user, gig, "g3", DAY_1.plus(Duration.ofDays(3))), event(user, gig, "g1", DAY_1),
      event(user, gig, "g2", DAY_1.plus(Duration.ofDays(1))), event(user, gig, "g4", DAY_1.plus(Duration.ofDays(5))));
    long rule = createRule(gig, "points_awarded => 30, threshold => 2");

    long job = backfill(rule, null);

    assertThat(awaitJob(job)).containsExactly("SUCCEEDED", 4L, 4L, 1L);
    assertThat(steps.rows("SELECT related_entity_id FROM points_log WHERE user_id = $1 AND rule_id = $2", user, rule))
      .extracting(row -> row.getString(0)).as("g1 then g2 reach 2").containsExactly("g2");
  }

  @Test
  @DisplayName("backfill and live traffic together grant once: an event the rule saw live is not replayed, and a "
    + "second backfill grants nothing more")
  void exactlyOnceWithLiveTrafficAndASecondJob() {
    String app = unique("application.sent");
    String user = user();
    apply(event(user, app, "a1", DAY_1), event(user, app, "a2", DAY_1));
    long rule = createRule(app, "points_awarded => 5, cap_count => 3, cap_period => 'DAY'");
    apply(event(user, app, "a3", DAY_1), event(user, app, "a4", DAY_1));

    assertThat(awaitJob(backfill(rule, null))).containsExactly("SUCCEEDED", 2L, 2L, 1L);
    assertThat(awaitJob(backfill(rule, null))).containsExactly("SUCCEEDED", 0L, 0L, 0L);
    assertThat(steps.rows("SELECT related_entity_id FROM points_log WHERE user_id = $1 AND rule_id = $2 ORDER BY id", user, rule))
      .extracting(row -> row.getString(0)).as("a3 and a4 live, then a1 back-filled within the cap of 3")
      .containsExactly("a3", "a4", "a1");
  }

  @Test
  @DisplayName("backfill since an instant replays only the events from then on")
  void since() {
    String course = unique("course.completed");
    String user = user();
    apply(event(user, course, "c1", DAY_1), event(user, course, "c2", DAY_1.plus(Duration.ofDays(2))));
    long rule = createRule(course, "points_awarded => 10");

    assertThat(awaitJob(backfill(rule, DAY_1.plus(Duration.ofDays(1))))).containsExactly("SUCCEEDED", 1L, 1L, 1L);
    assertThat(steps.rows("SELECT related_entity_id FROM points_log WHERE user_id = $1 AND rule_id = $2", user, rule))
      .extracting(row -> row.getString(0)).containsExactly("c2");
  }

  @Test
  @DisplayName("a job whose runner vanished (its claim went stale) is taken over and resumed from its cursor")
  void resumesAfterARunnerVanished() {
    String lesson = unique("lesson.completed");
    String user = user();
    List<GamificationEvent> events = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      events.add(event(user, lesson, "l" + i, DAY_1.plus(Duration.ofHours(i))));
    }
    apply(events.toArray(GamificationEvent[]::new));
    long rule = createRule(lesson, "points_awarded => 1");
    long job = insertJob(rule, null, "vanished-runner", Instant.now().minus(Duration.ofHours(1)));

    assertThat(awaitJob(job)).containsExactly("SUCCEEDED", 7L, 7L, 7L);
    assertThat(steps.count("SELECT count(*) FROM points_log WHERE user_id = $1 AND rule_id = $2", user, rule)).isEqualTo(7);
  }

  @Test
  @DisplayName("a backfill whose rule is deactivated fails, saying why")
  void failsWhenTheRuleIsDeactivated() {
    String name = unique("quiz.passed");
    long rule = createRule(name, "points_awarded => 1");
    Await.result(SERVICE.db().preparedQuery("UPDATE gamification_rules SET active = false WHERE id = $1").execute(Tuple.of(rule)));

    long job = backfill(rule, null);

    assertThat(awaitJob(job).get(0)).isEqualTo("FAILED");
    assertThat(steps.rows("SELECT error FROM jobs WHERE id = $1", job).get(0).getString(0)).contains("deactivated");
  }

  @Test
  @DisplayName("a level created later is awarded, with its badge, to the users whose total already reaches it, once")
  void levelAward() {
    String review = unique("gig.reviewed");
    createRule(review, "points_awarded => 40");
    String rich = user();
    String poor = user();
    apply(event(rich, review, "r1", DAY_1), event(rich, review, "r2", DAY_1), event(poor, review, "r3", DAY_1));
    long badge = Await.result(SERVICE.db().query("INSERT INTO badges (name, description, icon_url) VALUES ('lvl', 'd', "
      + "'https://x.test/l.png') RETURNING id").execute()).iterator().next().getLong(0);
    long level = Await.result(SERVICE.db().preparedQuery("INSERT INTO levels (name, min_points, badge_id) VALUES ($1, 80, $2) "
      + "RETURNING id").execute(Tuple.of("Eighty " + UUID.randomUUID(), badge))).iterator().next().getLong(0);
    long job = Await.result(SERVICE.db().preparedQuery("INSERT INTO jobs (kind, level_id, created_by) VALUES ('LEVEL', $1, "
      + "'admin') RETURNING id").execute(Tuple.of(level))).iterator().next().getLong(0);
    SERVICE.vertx().eventBus().publish(Addresses.JOB_CREATED, null);

    assertThat(awaitJob(job).get(0)).isEqualTo("SUCCEEDED");
    assertThat(steps.rows("SELECT user_id, event_id FROM user_levels WHERE level_id = $1", level))
      .extracting(row -> row.getString(0) + " " + row.getString(1)).containsExactly(rich + " job-" + job);
    assertThat(steps.rows("SELECT level_id FROM user_badges WHERE user_id = $1 AND badge_id = $2", rich, badge))
      .extracting(row -> row.getLong(0)).containsExactly(level);
    assertThat(steps.count("SELECT count(*) FROM user_badges WHERE user_id = $1", poor)).isZero();
  }

  // --- helpers



  private static GamificationEvent event(String user, String name, String entity, Instant at) {
    return EngineSteps.event(user, name, entity, at, null);
  }

  private static void apply(GamificationEvent... events) {
    ApplyResult result = Await.result(steps.send(List.of(events)));
    assertThat(result.outcomes()).allMatch(o -> o.status() == ApplyResult.Status.APPLIED);
  }

  /** A rule created as the API creates one: under the rules lock, with the inbox's watermark. */
  private static long createRule(String event, String columns) {
    StringBuilder names = new StringBuilder("event_name, description, backfill_seq");
    StringBuilder values = new StringBuilder("$1, 'jobs test', gamification_events_watermark()");
    for (String assignment : columns.split(",\\s*(?=[a-z_]+ =>)")) {
      String[] parts = assignment.split("\\s*=>\\s*", 2);
      names.append(", ").append(parts[0].trim());
      values.append(", ").append(parts[1].trim());
    }
    return Await.result(SERVICE.db().withTransaction(conn -> conn.query(UserLocks.RULES).execute()
      .compose(locked -> conn.preparedQuery("INSERT INTO gamification_rules (" + names + ") VALUES (" + values + ") RETURNING id")
        .execute(Tuple.of(event)))))
      .iterator().next().getLong(0);
  }

  private static long backfill(long rule, Instant since) {
    long job = insertJob(rule, since, null, null);
    SERVICE.vertx().eventBus().publish(Addresses.JOB_CREATED, null);
    return job;
  }

  private static long insertJob(long rule, Instant since, String owner, Instant heartbeat) {
    return Await.result(SERVICE.db().preparedQuery("INSERT INTO jobs (kind, rule_id, since, owner, heartbeat, created_by) "
        + "VALUES ('BACKFILL', $1, $2, $3, $4, 'admin') RETURNING id")
      .execute(Tuple.of(rule, since == null ? null : since.atOffset(java.time.ZoneOffset.UTC), owner,
        heartbeat == null ? null : heartbeat.atOffset(java.time.ZoneOffset.UTC))))
      .iterator().next().getLong(0);
  }

  /** Waits for the job to end; its status, total, processed, granted. */
  private static List<Object> awaitJob(long job) {
    Await.until("job " + job + " ends", Duration.ofSeconds(60),
      () -> !steps.rows("SELECT status FROM jobs WHERE id = $1", job).get(0).getString(0).equals("RUNNING"));
    Row row = steps.rows("SELECT status, total, processed, granted FROM jobs WHERE id = $1", job).get(0);
    return List.of(row.getString(0), row.getLong(1) == null ? -1L : row.getLong(1), row.getLong(2), row.getLong(3));
  }


}
