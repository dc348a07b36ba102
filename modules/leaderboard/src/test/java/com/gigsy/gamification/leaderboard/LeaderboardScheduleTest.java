package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.InProcessService;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedule across instances: two runners on one database, started at different times, compute once per
 * interval between them (never twice within an interval), and the survivor takes over when one stops.
 * Each runner is the leaderboard role on a Vert.x instance of its own, as in separate processes.
 */
@ExtendWith(VertxExtension.class)
class LeaderboardScheduleTest {

  private static final Duration INTERVAL = Duration.ofSeconds(2);

  @RegisterExtension
  final Closer closer = new Closer();

  @Test
  @DisplayName("two runners started at different times compute once per interval, and the survivor carries on alone")
  void oneComputationPerIntervalWithTwoRunners(Vertx vertx) {
    GamificationConfig config = TestStack.get().config()
      .with(Setting.ROLES, "leaderboard")
      .with(Setting.LEADERBOARD_INTERVAL, INTERVAL.toString());
    InProcessService runnerA = closer.add(InProcessService.start(AllRoles.SERVICE, config));
    // the test's own connections, on a Vert.x of the test's: they outlive runner A
    Pool db = PgPools.create(vertx, config, "test", 2);
    closer.add(() -> Await.result(db.close()));
    LeaderboardFixture fixture = new LeaderboardFixture(db);
    Await.until("runner A computes at start", () -> fixture.runs() == 1);
    String runnerAName = fixture.runRows().get(0).getString("runner");
    closer.add(InProcessService.start(AllRoles.SERVICE, config));   // runner B starts within A's interval: must not compute now

    Await.until("four computations are recorded", Duration.ofSeconds(30), () -> fixture.runs() >= 4);
    assertOnePerInterval(fixture.runRows());

    runnerA.close();
    long beforeTakeOver = fixture.runs();
    Await.until("runner B computes alone twice", Duration.ofSeconds(30), () -> fixture.runRows().stream()
      .skip(beforeTakeOver).filter(run -> !run.getString("runner").equals(runnerAName)).count() >= 2);
    List<Row> runs = fixture.runRows();
    assertOnePerInterval(runs);
    assertThat(runs).noneMatch(run -> run.getBoolean("forced"));
  }

  /** Every computation is at least an interval after the one before, by the database's clock. */
  private static void assertOnePerInterval(List<Row> runs) {
    for (int i = 1; i < runs.size(); i++) {
      OffsetDateTime previous = runs.get(i - 1).getOffsetDateTime("computed_at");
      OffsetDateTime current = runs.get(i).getOffsetDateTime("computed_at");
      assertThat(Duration.between(previous, current))
        .as("run %d (%s by %s) after run %d (%s by %s)", i + 1, current, runs.get(i).getString("runner"),
          i, previous, runs.get(i - 1).getString("runner"))
        .isGreaterThanOrEqualTo(INTERVAL);
    }
  }
}
