package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.InProcessService;
import com.gigsy.gamification.testing.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Fault scenario 1: every event of the workload delivered five times. */
class FaultRedeliveryTest {

  private static final int DELIVERIES = 5;

  private FaultHarness harness;
  private InProcessService service;

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  @DisplayName("The same events delivered five times grant every reward once, and every reward reaches the topic")
  void sameEventsFiveTimes() {
    harness = FaultHarness.prepare("redelivery", TestStack.get().config(), Workload.defaultSize() / DELIVERIES);
    service = InProcessService.start(Service::start, harness.config());
    for (int i = 0; i < DELIVERIES; i++) {
      harness.sendWorkload();
    }

    harness.verify();
  }
}
