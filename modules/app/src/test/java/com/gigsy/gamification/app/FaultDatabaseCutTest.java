package com.gigsy.gamification.app;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.InProcessService;
import com.gigsy.gamification.testing.PgProxy;
import com.gigsy.gamification.testing.TestStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault scenario 3: every PostgreSQL connection cut mid-stream, for longer than the consumer's
 * {@code max.poll.interval.ms} (lowered to 6 s here), then restored. The consumer keeps polling with its
 * partitions paused, so it stays in its group: no partition is revoked.
 */
class FaultDatabaseCutTest {

  static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(6);
  private static final Duration CUT = MAX_POLL_INTERVAL.multipliedBy(2);

  @RegisterExtension
  final Closer closer = new Closer();

  @Test
  @DisplayName("PostgreSQL cut for twice max.poll.interval.ms mid-stream: nothing lost or doubled, no rebalance")
  void databaseCutLongerThanPollInterval() {
    GamificationConfig direct = TestStack.get().config();
    FaultHarness harness = closer.add(FaultHarness.prepare("database-cut", direct, Workload.defaultSize()));
    PgProxy proxy = closer.add(PgProxy.before(direct));
    InProcessService service = closer.add(InProcessService.start(Service::start, proxy.through(direct)
      .with(Setting.CONSUMER_MAX_POLL_INTERVAL, MAX_POLL_INTERVAL.toString())));
    harness.sendWorkload();
    harness.awaitApplied(0.3);

    proxy.cut();
    long cutAt = System.nanoTime();
    Await.until("ingest holds a batch", () -> service.gauge("gamification.consumer.held") > 0);
    long appliedDuringCut = harness.applied();
    Await.until("the cut has lasted " + CUT, CUT.plusSeconds(10), () -> System.nanoTime() - cutAt > CUT.toNanos());
    assertThat(harness.applied()).as("nothing applied while PostgreSQL is cut").isEqualTo(appliedDuringCut);
    proxy.restore();
    harness.healed();
    harness.awaitResumed();

    harness.verify();
    assertThat(service.count("gamification.consumer.partitions.revoked")).as("partitions revoked").isZero();
    assertThat(service.count("gamification.consumer.partitions.assigned")).as("partitions assigned, once each")
      .isEqualTo(Integer.parseInt(direct.get(Setting.TOPIC_PARTITIONS)));
  }
}
