package com.gigsy.gamification.app;

import com.gigsy.gamification.core.GamificationConfig;
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
 * Backpressure: with PostgreSQL down, ingest holds one batch and pauses its partitions instead of reading on
 * and buffering — what it consumed stops growing while the lag stays on the broker.
 */
class BackpressureTest {

  private static final Duration WINDOW = Duration.ofSeconds(6);

  @RegisterExtension
  final Closer closer = new Closer();

  @Test
  @DisplayName("PostgreSQL down: at most one batch per lane is held, consumption stops until it is back, then everything is applied")
  void pausesInsteadOfBuffering() {
    GamificationConfig direct = TestStack.get().config();
    FaultHarness harness = closer.add(FaultHarness.prepare("backpressure", direct, Workload.defaultSize()));
    PgProxy proxy = closer.add(PgProxy.before(direct));
    InProcessService service = closer.add(InProcessService.start(Service::start, proxy.through(direct)));
    int batch = direct.engineBatchSize();
    int lanes = direct.ingestLanes();
    // per lane: the held batch and less than a batch queued behind it, plus one poll (at most a batch) in total
    int bound = (2 * lanes + 1) * batch;

    proxy.cut();
    harness.sendWorkload();
    Await.until("ingest holds a batch", () -> service.gauge("gamification.consumer.held") > 0);
    double consumed = service.count("gamification.events.consumed");
    assertThat(consumed).as("records consumed while PostgreSQL is down").isLessThanOrEqualTo(bound);
    long windowEnd = System.nanoTime() + WINDOW.toNanos();
    Await.until(WINDOW + " pass with consumption paused", WINDOW.plusSeconds(10), () -> {
      assertThat(service.count("gamification.events.consumed")).as("records consumed").isEqualTo(consumed);
      assertThat(service.gauge("gamification.consumer.held")).as("records held").isLessThanOrEqualTo(lanes * batch);
      assertThat(service.gauge("gamification.consumer.buffered")).as("records buffered").isLessThanOrEqualTo(bound);
      return System.nanoTime() > windowEnd;
    });
    assertThat(harness.applied()).isZero();

    proxy.restore();
    harness.healed();
    harness.awaitResumed();
    harness.verify();
    assertThat(service.gauge("gamification.consumer.held")).isZero();
  }
}
