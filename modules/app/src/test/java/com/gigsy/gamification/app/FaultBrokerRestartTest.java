package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.InProcessService;
import com.gigsy.gamification.testing.TestStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;

/** Fault scenario 4: the Kafka broker stopped mid-stream, then started again on the same data. */
class FaultBrokerRestartTest {

  private static final Duration DOWN = Duration.ofSeconds(5);

  @RegisterExtension
  final Closer closer = new Closer();

  @Test
  @DisplayName("The broker stopped and restarted mid-stream: nothing lost or doubled, every reward on the topic")
  void brokerRestartMidStream() throws IOException {
    FaultHarness harness = closer.add(FaultHarness.prepare("broker-restart"));
    closer.add(InProcessService.start(Service::start, harness.config()));
    harness.sendWorkload();
    harness.awaitApplied(0.3);

    closer.add(TestStack.get()::ensureKafkaRunning);
    TestStack.get().kafka().stop();
    long stoppedAt = System.nanoTime();
    Await.until("the broker has been down " + DOWN, DOWN.plusSeconds(10), () -> System.nanoTime() - stoppedAt > DOWN.toNanos());
    TestStack.get().kafka().start();
    harness.healed();
    harness.awaitResumed();

    harness.verify();
  }
}
