package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** Fault scenario 2: the service process killed with SIGKILL mid-stream, then started again. */
class FaultKillTest {

  private FaultHarness harness;
  private ServiceProcess first;
  private ServiceProcess second;

  @AfterEach
  void stop() throws Exception {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  @DisplayName("A service killed with SIGKILL mid-stream and started again loses and doubles nothing")
  void killedMidStream() {
    harness = FaultHarness.prepare("sigkill", TestStack.get().config(), Workload.defaultSize());
    harness.sendWorkload();
    Path logs = TestStack.get().directory();
    first = ServiceProcess.start(harness.config(), logs.resolve("sigkill-1.log"));
    harness.awaitApplied(0.3);

    first.kill();
    harness.healed();
    second = ServiceProcess.start(harness.config(), logs.resolve("sigkill-2.log"));
    harness.awaitResumed();

    harness.verify();
  }
}
