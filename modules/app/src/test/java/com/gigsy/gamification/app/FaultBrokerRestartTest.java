package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.InProcessService;
import com.gigsy.gamification.testing.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

/** Fault scenario 4: the Kafka broker stopped mid-stream, then started again on the same data. */
class FaultBrokerRestartTest {

  private static final Duration DOWN = Duration.ofSeconds(5);

  private FaultHarness harness;
  private InProcessService service;

  @AfterEach
  void stop() throws Exception {
    if (!TestStack.get().kafka().isRunning()) {
      TestStack.get().kafka().start();
    }
    if (service != null) {
      service.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  @DisplayName("The broker stopped and restarted mid-stream: nothing lost or doubled, every reward on the topic")
  void brokerRestartMidStream() throws IOException {
    harness = FaultHarness.prepare("broker-restart", TestStack.get().config(), Workload.defaultSize());
    service = InProcessService.start(Service::start, harness.config());
    harness.sendWorkload();
    harness.awaitApplied(0.3);

    TestStack.get().kafka().stop();
    long stoppedAt = System.nanoTime();
    Await.until("the broker has been down " + DOWN, DOWN.plusSeconds(10), () -> System.nanoTime() - stoppedAt > DOWN.toNanos());
    TestStack.get().kafka().start();
    harness.healed();
    harness.awaitResumed();

    harness.verify();
  }
}
