package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.InProcessService;
import com.gigsy.gamification.testing.TestStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fault scenario 1: every event of the workload delivered five times. */
class FaultRedeliveryTest {

  private static final int DELIVERIES = 5;

  @RegisterExtension
  final Closer closer = new Closer();

  @Test
  @DisplayName("The same events delivered five times grant every reward once, and every reward reaches the topic")
  void sameEventsFiveTimes() {
    FaultHarness harness = closer.add(FaultHarness.prepare("redelivery", TestStack.get().config(),
      Workload.defaultSize() / DELIVERIES));
    closer.add(InProcessService.start(Service::start, harness.config()));
    for (int i = 0; i < DELIVERIES; i++) {
      harness.sendWorkload();
    }

    harness.verify();
  }
}
