package com.gigsy.gamification.app;

import com.gigsy.gamification.runtime.Migrations;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class MigrationsDemoDataTest {

  private Pool pool;

  @BeforeEach
  void migratedDatabase(Vertx vertx) throws Exception {
    pool = PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(4))
      .connectingTo(PgConnectOptions.fromUri(TestStack.get().newDatabaseUrl()))
      .using(vertx)
      .build();
    await(Migrations.apply(vertx, pool));
  }

  @AfterEach
  void closePool() throws Exception {
    await(pool.close());
  }

  @Test
  @DisplayName("The demo set is three badges, two titles, eight rules and three levels wired to them")
  void loadsTheDemoSet(Vertx vertx) throws Exception {
    await(DemoData.load(vertx, pool));

    assertThat(rows("SELECT name FROM badges ORDER BY id")).extracting(row -> row.getString("name"))
      .containsExactly("First Gig", "Reliable Freelancer", "Top of the Class");
    assertThat(rows("SELECT icon_url FROM badges"))
      .allSatisfy(badge -> assertThat(badge.getString("icon_url")).startsWith("https://"));
    assertThat(rows("SELECT name FROM titles ORDER BY id")).extracting(row -> row.getString("name"))
      .containsExactly("Top Learner", "Dedicated Learner");
    assertThat(rows("""
        SELECT r.event_name, r.points_awarded, b.name AS badge, t.name AS title, r.active
        FROM gamification_rules r LEFT JOIN badges b ON b.id = r.badge_id LEFT JOIN titles t ON t.id = r.title_id
        WHERE r.built_in IS NULL
        ORDER BY r.id"""))
      .extracting(row -> row.getString("event_name") + " " + row.getInteger("points_awarded") + " "
        + row.getString("badge") + " " + row.getString("title") + " " + row.getBoolean("active"))
      .containsExactly(
        "course.completed 50 null null true",
        "course.completed null null Top Learner true",
        "gig.completed 100 First Gig null true",
        "application.sent 5 null null true",
        "gig.completed null Reliable Freelancer null true",
        "course.completed null Top of the Class null true",
        "lesson.completed null null Dedicated Learner true",
        "gig.paid null null null true");
    assertThat(rows("SELECT l.name, l.min_points, t.name AS title FROM levels l LEFT JOIN titles t ON t.id = l.title_id "
      + "ORDER BY l.min_points"))
      .extracting(row -> row.getString("name") + " " + row.getLong("min_points") + " " + row.getString("title"))
      .containsExactly("Rookie 100 null", "Pro 1000 null", "Legend 5000 Top Learner");
  }

  @Test
  @DisplayName("Loading the demo set again, or from two instances at once, adds nothing")
  void idempotent(Vertx vertx) throws Exception {
    await(DemoData.load(vertx, pool));
    List<Long> first = counts();

    await(DemoData.load(vertx, pool));
    await(Future.all(DemoData.load(vertx, pool), DemoData.load(vertx, pool)));

    assertThat(first).containsExactly(3L, 2L, 8L, 3L);
    assertThat(counts()).isEqualTo(first);
  }

  private List<Long> counts() throws Exception {
    Row row = rows("""
      SELECT (SELECT count(*) FROM badges) AS badges, (SELECT count(*) FROM titles) AS titles,
             (SELECT count(*) FROM gamification_rules WHERE built_in IS NULL) AS rules,
             (SELECT count(*) FROM levels) AS levels""").get(0);
    return List.of(row.getLong("badges"), row.getLong("titles"), row.getLong("rules"), row.getLong("levels"));
  }

  private List<Row> rows(String sql) throws Exception {
    List<Row> rows = new ArrayList<>();
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
