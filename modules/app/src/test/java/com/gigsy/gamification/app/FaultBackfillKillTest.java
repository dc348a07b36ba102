package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.core.UserLocks;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault scenario 8: a backfill (CONTRACT §8) interrupted by SIGKILL. The workload is applied; a milestone rule created
 * afterwards (the engine's batches are of 10 events, so the job has hundreds of batches) is backfilled; the service is
 * killed mid-job and started again; the job resumes where it stopped once its claim is stale, and the milestone's
 * badge reaches exactly the users with two distinct courses, once each, and the rewards topic.
 */
class FaultBackfillKillTest {

  private static final String BACKFILLED = "Backfilled Scholar";

  @RegisterExtension
  final Closer closer = new Closer();

  @Test
  @DisplayName("A backfill interrupted by SIGKILL resumes after a restart and grants exactly once")
  void backfillKilledMidJob() {
    FaultHarness harness = closer.add(FaultHarness.prepare("backfill-sigkill",
      TestStack.get().config().with(Setting.ENGINE_BATCH_SIZE, "10"), Workload.defaultSize()));
    harness.sendWorkload();
    Path logs = TestStack.get().directory();
    ServiceProcess first = closer.add(ServiceProcess.start(harness.config(), logs.resolve("backfill-1.log")));
    harness.awaitCompletion();

    long badge = one(harness, "INSERT INTO badges (name, description, icon_url) VALUES ($1, 'backfilled', "
      + "'https://cdn.gigsy.test/b.png') RETURNING id", Tuple.of(BACKFILLED));
    long rule = Await.result(harness.db().withTransaction(conn -> conn.query(UserLocks.RULES)
      .execute().compose(locked -> conn.preparedQuery("INSERT INTO gamification_rules (event_name, description, badge_id, "
        + "threshold, backfill_seq) VALUES ('course.completed', 'two courses', $1, 2, gamification_events_watermark()) "
        + "RETURNING id").execute(Tuple.of(badge))))).iterator().next().getLong(0);
    long job = one(harness, "INSERT INTO jobs (kind, rule_id, created_by) VALUES ('BACKFILL', $1, 'fault-test') RETURNING id",
      Tuple.of(rule));
    Await.until("the job is under way", Duration.ofSeconds(60), () -> progress(harness, job).getLong("processed") > 50);
    assertThat(progress(harness, job).getString("status")).as("killed mid-job").isEqualTo("RUNNING");

    first.kill();
    harness.healed();
    closer.add(ServiceProcess.start(harness.config(), logs.resolve("backfill-2.log")));
    Await.until("the job ends", FaultHarness.COMPLETION_TIMEOUT,
      () -> !progress(harness, job).getString("status").equals("RUNNING"));

    Row done = progress(harness, job);
    assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
    assertThat(done.getLong("processed")).as("every event replayed once").isEqualTo(done.getLong("total"));
    harness.verify(harness.oracle().plusBadges(expectedBadges(harness.workload())));
  }

  /** The users whose courses name two distinct entities: the milestone's badge is theirs, whatever the order. */
  private static Set<String> expectedBadges(Workload workload) {
    Map<String, Set<String>> courses = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (JsonObject event : workload.events()) {
      if (seen.add(event.getString("eventId")) && event.getString("eventName").equals("course.completed")) {
        courses.computeIfAbsent(event.getString("userId"), u -> new HashSet<>()).add(event.getString("relatedEntityId"));
      }
    }
    Set<String> badges = new TreeSet<>();
    courses.forEach((user, entities) -> {
      if (entities.size() >= 2) {
        badges.add(user + "|" + BACKFILLED);
      }
    });
    return badges;
  }

  private static Row progress(FaultHarness harness, long job) {
    return Await.result(harness.db().preparedQuery("SELECT status, total, processed, granted FROM jobs WHERE id = $1")
      .execute(Tuple.of(job))).iterator().next();
  }

  private static long one(FaultHarness harness, String sql, Tuple params) {
    return Await.result(harness.db().preparedQuery(sql).execute(params)).iterator().next().getLong(0);
  }
}
