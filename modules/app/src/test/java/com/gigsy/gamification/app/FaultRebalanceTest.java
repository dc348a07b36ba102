package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.InProcessService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Fault scenario 5: two instances in one consumer group, one stopped mid-stream: its partitions move. */
class FaultRebalanceTest {

  @RegisterExtension
  final Closer closer = new Closer();

  @Test
  @DisplayName("Two instances share the stream; one stops mid-stream and the other takes over without loss or doubles")
  void rebalanceMidStream() {
    FaultHarness harness = closer.add(FaultHarness.prepare("rebalance"));
    var config = harness.config().with(Setting.ROLES, "engine,ingest");
    InProcessService first = closer.add(InProcessService.start(Service::start, config));
    InProcessService second = closer.add(InProcessService.start(Service::start, config));
    Await.until("both instances have partitions", () ->
      first.count("gamification.consumer.partitions.assigned") > 0
        && second.count("gamification.consumer.partitions.assigned") > 0);
    harness.sendWorkload();
    harness.awaitApplied(0.3);

    second.close();
    harness.healed();
    harness.awaitResumed();

    harness.assertNoRepeatedRewards(harness.verify());
    int partitions = Integer.parseInt(config.get(Setting.TOPIC_PARTITIONS));
    assertThat(first.count("gamification.consumer.partitions.assigned")).as("the first instance ends with every partition")
      .isEqualTo(partitions + first.count("gamification.consumer.partitions.revoked"));
  }
}
