package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.TestStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/** Fault scenario 2: the service process killed with SIGKILL mid-stream, then started again. */
class FaultKillTest {

  @RegisterExtension
  final Closer closer = new Closer();

  @Test
  @DisplayName("A service killed with SIGKILL mid-stream and started again loses and doubles nothing")
  void killedMidStream() {
    // one instance, restarted under its own name: a static member takes its partitions back at once
    FaultHarness harness = closer.add(FaultHarness.prepare("sigkill",
      TestStack.get().config().with(Setting.INSTANCE_ID, "sigkill-instance"), Workload.defaultSize()));
    harness.sendWorkload();
    Path logs = TestStack.get().directory();
    ServiceProcess first = closer.add(ServiceProcess.start(harness.config(), logs.resolve("sigkill-1.log")));
    harness.awaitApplied(0.3);

    first.kill();
    harness.healed();
    closer.add(ServiceProcess.start(harness.config(), logs.resolve("sigkill-2.log")));
    harness.awaitResumed();

    harness.verify();
  }
}
