package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.runtime.RunningService;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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

  @Test
  @DisplayName("two runners started at different times compute once per interval, and the survivor carries on alone")
  void oneComputationPerIntervalWithTwoRunners(Vertx first) {
    GamificationConfig config = TestStack.get().config()
      .with(Setting.ROLES, "leaderboard")
      .with(Setting.LEADERBOARD_INTERVAL, INTERVAL.toString());
    Vertx second = Vertx.vertx();
    RunningService runnerA = Await.result(AllRoles.SERVICE.start(first, config));
    RunningService runnerB = null;
    try (LeaderboardFixture fixture = new LeaderboardFixture(first, config)) {
      Await.until("runner A computes at start", () -> fixture.runs() == 1);
      String runnerAName = fixture.runRows().get(0).getString("runner");
      runnerB = Await.result(AllRoles.SERVICE.start(second, config));   // starts within A's interval: must not compute now

      Await.until("four computations are recorded", Duration.ofSeconds(30), () -> fixture.runs() >= 4);
      assertOnePerInterval(fixture.runRows());

      Await.result(runnerA.stop());
      long beforeTakeOver = fixture.runs();
      Await.until("runner B computes alone twice", Duration.ofSeconds(30), () -> fixture.runRows().stream()
        .skip(beforeTakeOver).filter(run -> !run.getString("runner").equals(runnerAName)).count() >= 2);
      List<Row> runs = fixture.runRows();
      assertOnePerInterval(runs);
      assertThat(runs).noneMatch(run -> run.getBoolean("forced"));
    } finally {
      if (runnerB != null) {
        Await.result(runnerB.stop());
      }
      Await.result(runnerA.stop());
      Await.result(second.close());
    }
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
