package com.gigsy.gamification.runtime;

import com.gigsy.gamification.runtime.MigrationScript;
import com.gigsy.gamification.runtime.Migrations;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class MigrationsTest {

  private Pool pool;

  @BeforeEach
  void freshDatabase(Vertx vertx) {
    pool = PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(4))
      .connectingTo(PgConnectOptions.fromUri(TestStack.get().newDatabaseUrl()))
      .using(vertx)
      .build();
  }

  @AfterEach
  void closePool() throws Exception {
    await(pool.close());
  }

  @Test
  @DisplayName("A fresh database gets every migration, recorded with its checksum; a second run applies nothing")
  void appliesOnceThenNothing(Vertx vertx) throws Exception {
    List<MigrationScript> scripts = MigrationScript.loadAll();
    assertThat(scripts).extracting(MigrationScript::fileName).startsWith("V1__schema.sql");

    assertThat(await(Migrations.apply(vertx, pool))).containsExactlyElementsOf(
      scripts.stream().map(MigrationScript::fileName).toList());
    assertThat(await(Migrations.apply(vertx, pool))).isEmpty();

    List<Row> recorded = rows("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    assertThat(recorded).hasSize(scripts.size());
    assertThat(recorded.get(0).getInteger("version")).isEqualTo(1);
    assertThat(recorded.get(0).getString("name")).isEqualTo("V1__schema.sql");
    assertThat(recorded.get(0).getString("checksum")).isEqualTo(scripts.get(0).checksum());
    assertThat(rows("SELECT to_regclass('points_log') IS NOT NULL AS present").get(0).getBoolean("present")).isTrue();
  }

  @Test
  @DisplayName("Instances migrating the same database at once apply each file exactly once")
  void concurrentInstancesApplyOnce(Vertx vertx) throws Exception {
    List<Future<List<String>>> runs = List.of(
      Migrations.apply(vertx, pool), Migrations.apply(vertx, pool), Migrations.apply(vertx, pool));
    await(Future.all(runs));

    assertThat(runs.stream().filter(run -> run.result().contains("V1__schema.sql")).count()).isEqualTo(1);
    assertThat(rows("SELECT count(*) AS n FROM schema_migrations WHERE version = 1").get(0).getLong("n")).isEqualTo(1);
  }

  @Test
  @DisplayName("Start-up is refused when a migration file changed after it was applied")
  void refusesChangedFile(Vertx vertx) throws Exception {
    await(Migrations.apply(vertx, pool));
    rows("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

    assertThatThrownBy(() -> await(Migrations.apply(vertx, pool)))
      .isInstanceOf(IllegalStateException.class)
      .hasMessageContaining("migration V1__schema.sql was changed after it was applied")
      .hasMessageContaining("new migration");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "UPDATE points_log SET points = 99",
    "DELETE FROM points_log",
    "TRUNCATE points_log CASCADE"})
  @DisplayName("The points log refuses to be rewritten:")
  void pointsLogIsAppendOnly(String statement, Vertx vertx) throws Exception {
    migratedWithOneLogEntry(vertx);
    assertRestrictViolation(statement, "points_log is append-only");
    assertThat(rows("SELECT count(*) AS n, sum(points) AS total FROM points_log").get(0))
      .satisfies(row -> {
        assertThat(row.getLong("n")).isEqualTo(1);
        assertThat(row.getLong("total")).isEqualTo(10);
      });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DELETE FROM gamification_rules", "TRUNCATE gamification_rules CASCADE"})
  @DisplayName("Rules referenced by the points log are deactivated, never deleted:")
  void rulesAreNeverDeleted(String statement, Vertx vertx) throws Exception {
    migratedWithOneLogEntry(vertx);
    assertRestrictViolation(statement, "gamification_rules are deactivated, never deleted");
    assertThat(rows("SELECT count(*) AS n FROM gamification_rules r JOIN points_log l ON l.rule_id = r.id").get(0).getLong("n"))
      .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DELETE FROM badges", "DELETE FROM titles", "TRUNCATE badges CASCADE", "TRUNCATE titles CASCADE"})
  @DisplayName("V17: badges and titles, which holdings name without a foreign key, are never deleted:")
  void badgesAndTitlesAreNeverDeleted(String statement, Vertx vertx) throws Exception {
    await(Migrations.apply(vertx, pool));
    rows("INSERT INTO badges (name, description, icon_url) VALUES ('b', 'badge', 'https://example.com/b.png')");
    rows("INSERT INTO titles (name, description) VALUES ('t', 'title')");
    rows("""
      INSERT INTO gamification_rules (event_name, description, badge_id, title_id)
      SELECT 'course.completed', 'test', b.id, t.id FROM badges b, titles t""");
    rows("""
      INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by)
      SELECT 'u1', r.badge_id, r.id, 'e1', 'system' FROM gamification_rules r WHERE r.built_in IS NULL""");
    rows("""
      INSERT INTO user_titles (user_id, title_id, rule_id, event_id, created_by)
      SELECT 'u1', r.title_id, r.id, 'e1', 'system' FROM gamification_rules r WHERE r.built_in IS NULL""");
    String table = statement.split(" ")[statement.startsWith("DELETE") ? 2 : 1];
    // a TRUNCATE ... CASCADE reaches the rules too, whose own trigger (V6) may refuse it first
    assertRestrictViolation(statement, statement.startsWith("DELETE") ? table + " are never deleted" : "");
    assertThat(rows("""
      SELECT (SELECT count(*) FROM user_badges h JOIN badges b ON b.id = h.badge_id)
           + (SELECT count(*) FROM user_titles h JOIN titles t ON t.id = h.title_id) AS n""").get(0).getLong("n"))
      .isEqualTo(2);
  }

  @Test
  @DisplayName("Outbox rows of one JSON reward each (before V4) keep their rewards, ids and state through V4 and V7")
  void outboxRowsBeforeBatchesAreKept(Vertx vertx) throws Exception {
    migratedBefore(4);
    rows("""
      INSERT INTO reward_outbox (reward_id, user_id, payload, published_at) VALUES
        ('6f1c1a52-0c5e-4d8e-9d7a-6a4f6f1f0a01', 'u1', '{"rewardId": "6f1c1a52-0c5e-4d8e-9d7a-6a4f6f1f0a01",
          "type": "POINTS", "userId": "u1", "ruleId": "3", "eventId": "e1", "relatedEntityId": "course-42",
          "points": 50, "badgeId": null, "titleId": null, "awardedAt": "2026-11-02T10:00:00.123456Z"}', NULL),
        ('6f1c1a52-0c5e-4d8e-9d7a-6a4f6f1f0a02', 'u2', '{"rewardId": "6f1c1a52-0c5e-4d8e-9d7a-6a4f6f1f0a02",
          "type": "BADGE", "userId": "u2", "ruleId": "4", "eventId": "e2", "relatedEntityId": null,
          "points": null, "badgeId": "7", "titleId": null, "awardedAt": "2026-11-02T10:00:01Z"}', now())""");

    await(Migrations.apply(vertx, pool));

    List<Row> outbox = rows("""
      SELECT rewards, reward_ids[1]::text AS reward_id, types[1] AS type, user_ids[1] AS user_id, rule_ids[1] AS rule_id,
             related_entity_ids[1] AS entity, points[1] AS points, badge_ids[1] AS badge_id,
             awarded_at[1] = '2026-11-02T10:00:00.123456Z' AS awarded_at_kept, published_at IS NULL AS pending
      FROM reward_outbox ORDER BY id""");
    assertThat(outbox).hasSize(2);
    Row pending = outbox.get(0);
    assertThat(pending.getInteger("rewards")).isEqualTo(1);
    assertThat(pending.getString("reward_id")).isEqualTo("6f1c1a52-0c5e-4d8e-9d7a-6a4f6f1f0a01");
    assertThat(pending.getString("type")).isEqualTo("POINTS");
    assertThat(pending.getString("user_id")).isEqualTo("u1");
    assertThat(pending.getLong("rule_id")).isEqualTo(3);
    assertThat(pending.getString("entity")).isEqualTo("course-42");
    assertThat(pending.getInteger("points")).isEqualTo(50);
    assertThat(pending.getBoolean("awarded_at_kept")).isTrue();
    assertThat(pending.getBoolean("pending")).isTrue();
    Row published = outbox.get(1);
    assertThat(published.getString("type")).isEqualTo("BADGE");
    assertThat(published.getLong("badge_id")).isEqualTo(7);
    assertThat(published.getValue("points")).isNull();
    assertThat(published.getBoolean("pending")).isFalse();
  }

  @Test
  @DisplayName("V5 rebuilds the per-day totals of the kept days from the log, and drops the per-period table")
  void dailyTotalsFromTheLog(Vertx vertx) throws Exception {
    migratedBefore(5);
    rule();
    rows("""
      INSERT INTO points_log (user_id, points, rule_id, event_id, dedupe_key, occurred_at, created_by)
      SELECT e.user_id, e.points, r.id, e.event_id, 'event:' || e.event_id, e.occurred_at, 'system'
      FROM gamification_rules r, (VALUES
        ('u1', 10, 'e1', now()),
        ('u1', 5,  'e2', now()),
        ('u2', 7,  'e3', now() - interval '1 day'),
        ('u1', 99, 'e4', now() - interval '100 days')) AS e (user_id, points, event_id, occurred_at)""");

    await(Migrations.apply(vertx, pool));

    List<Row> days = rows("""
      SELECT user_id, (day = (now() AT TIME ZONE 'UTC')::date) AS today, total_points
      FROM user_daily_totals ORDER BY user_id""");
    assertThat(days).hasSize(2);
    assertThat(days.get(0).getString("user_id")).isEqualTo("u1");
    assertThat(days.get(0).getBoolean("today")).isTrue();
    assertThat(days.get(0).getLong("total_points")).isEqualTo(15);
    assertThat(days.get(1).getString("user_id")).isEqualTo("u2");
    assertThat(days.get(1).getBoolean("today")).isFalse();
    assertThat(days.get(1).getLong("total_points")).isEqualTo(7);
    assertThat(rows("SELECT to_regclass('user_period_totals') IS NULL AS dropped").get(0).getBoolean("dropped")).isTrue();
  }

  @Test
  @DisplayName("V15 counts the days folded through the log's last entry; a fold adds the later entries only, a span at a time")
  void dailyTotalsFolded(Vertx vertx) throws Exception {
    migratedBefore(15);
    rule();
    logEntries("('u1', 10, 'e1', now()), ('u2', 7, 'e2', now() - interval '1 day')");
    // what the engine wrote before V15, in the statement that wrote the log
    rows("""
      INSERT INTO user_daily_totals (day, user_id, total_points)
      SELECT gamification_period_start('DAY', occurred_at), user_id, sum(points) FROM points_log GROUP BY 1, 2""");

    await(Migrations.apply(vertx, pool));
    assertThat(rows("SELECT folded_through = (SELECT max(id) FROM points_log) AS all_folded FROM daily_totals_fold")
      .get(0).getBoolean("all_folded")).isTrue();

    logEntries("('u1', 5, 'e3', now()), ('u3', 3, 'e4', now()), ('u2', 4, 'e5', now() - interval '1 day')");
    long through = rows("SELECT gamification_log_settled_through() AS through").get(0).getLong("through");
    assertThat(through).isEqualTo(rows("SELECT max(id) FROM points_log").get(0).getLong(0));
    List<Long> steps = new java.util.ArrayList<>();
    long folded;
    do {
      folded = rows("SELECT gamification_fold_daily_totals(" + through + ", 2)").get(0).getLong(0);
      steps.add(folded);
    } while (folded < through);
    assertThat(steps).as("one fold per span of 2 ids").hasSizeGreaterThan(1).last().isEqualTo(through);

    assertThat(days()).containsExactly("u1 today 15", "u2 yesterday 11", "u3 today 3");
    assertThat(rows("SELECT gamification_fold_daily_totals(" + through + ", 2)").get(0).getLong(0)).isEqualTo(through);
    assertThat(days()).as("a second fold through the same entry adds nothing").containsExactly(
      "u1 today 15", "u2 yesterday 11", "u3 today 3");
  }

  @Test
  @DisplayName("V16: the functions the engine's statement calls are inlined into it, with the same results, NULL in NULL out")
  void engineFunctionsInlined(Vertx vertx) throws Exception {
    await(Migrations.apply(vertx, pool));
    String calls = """
      gamification_cap_period('ALL_TIME', timestamptz '2026-12-02 23:30+00'),
      gamification_cap_period('DAY', timestamptz '2026-12-02 23:30+00'),
      gamification_cap_period('WEEK', timestamptz '2026-12-02 23:30+00'),
      gamification_cap_period(NULL, now()), gamification_cap_period('ALL_TIME', NULL),
      gamification_period_number('DAY', DATE '1970-01-03'), gamification_period_number('WEEK', DATE '1970-01-12'),
      gamification_period_number(NULL, DATE '1970-01-12'), gamification_period_number('DAY', NULL),
      gamification_reward_id_prefix(), gamification_reward_id_prefix()""";

    // on columns, not constants (an immutable function of constants is evaluated when planning, inlined or not)
    String plan = rows("""
      EXPLAIN (VERBOSE, COSTS OFF)
      SELECT gamification_cap_period(p, t), gamification_period_number(p, d), gamification_reward_id_prefix()
      FROM (VALUES ('DAY', now(), current_date), ('WEEK', now(), current_date)) AS v (p, t, d)""").stream()
      .map(row -> row.getString(0)).reduce("", String::concat);
    assertThat(plan).as("the plan calls none of them").contains("CASE").doesNotContain("gamification_");

    Row row = rows("SELECT " + calls).get(0);
    assertThat(row.getLocalDate(0)).isEqualTo(java.time.LocalDate.MIN);
    assertThat(row.getLocalDate(1)).isEqualTo(java.time.LocalDate.of(2026, 12, 2));
    assertThat(row.getLocalDate(2)).as("the ISO week's Monday").isEqualTo(java.time.LocalDate.of(2026, 11, 30));
    assertThat(row.getValue(3)).isNull();
    assertThat(row.getValue(4)).isNull();
    assertThat(row.getInteger(5)).isEqualTo(2);
    assertThat(row.getInteger(6)).as("the second ISO week from Monday 1970-01-05").isEqualTo(1);
    assertThat(row.getValue(7)).isNull();
    assertThat(row.getValue(8)).isNull();
    assertThat(row.getString(9)).matches("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-").isNotEqualTo(row.getString(10));
  }

  private void logEntries(String values) throws Exception {
    rows("""
      INSERT INTO points_log (user_id, points, rule_id, event_id, dedupe_key, occurred_at, created_by)
      SELECT e.user_id, e.points, r.id, e.event_id, 'event:' || e.event_id, e.occurred_at, 'system'
      FROM gamification_rules r, (VALUES %s) AS e (user_id, points, event_id, occurred_at)
      WHERE r.built_in IS NULL""".formatted(values));
  }

  /** Each daily total as "user today|yesterday points". */
  private List<String> days() throws Exception {
    return rows("""
      SELECT user_id || CASE WHEN day = (now() AT TIME ZONE 'UTC')::date THEN ' today ' ELSE ' yesterday ' END
             || total_points
      FROM user_daily_totals ORDER BY user_id""").stream().map(row -> row.getString(0)).toList();
  }

  /** The migrations before {@code version}, as a database that has not had the later ones yet. */
  private void migratedBefore(int version) throws Exception {
    await(Migrations.apply(pool, MigrationScript.loadAll().stream().filter(script -> script.version() < version).toList()));
  }

  /** The rule the tests' log entries are granted under. */
  private void rule() throws Exception {
    rows("INSERT INTO gamification_rules (event_name, description, points_awarded) VALUES ('course.completed', 'test', 10)");
  }

  /** Every migration, a rule and one points-log entry it granted. */
  private void migratedWithOneLogEntry(Vertx vertx) throws Exception {
    await(Migrations.apply(vertx, pool));
    rule();
    rows("""
      INSERT INTO points_log (user_id, points, rule_id, event_id, dedupe_key, occurred_at, created_by)
      SELECT 'u1', 10, id, 'e1', 'event:e1', now(), 'system' FROM gamification_rules WHERE built_in IS NULL""");
  }

  /** The statement is refused with SQLSTATE 23001 (restrict_violation) and a message starting so. */
  private void assertRestrictViolation(String statement, String messageStart) {
    assertThatThrownBy(() -> rows(statement))
      .isInstanceOfSatisfying(PgException.class, e -> {
        assertThat(e.getSqlState()).isEqualTo("23001");
        assertThat(e.getErrorMessage()).startsWith(messageStart);
      });
  }

  private List<Row> rows(String sql) throws Exception {
    List<Row> rows = new java.util.ArrayList<>();
    await(pool.query(sql).execute()).forEach(rows::add);
    return rows;
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
