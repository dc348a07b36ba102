package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Fault scenario 7: SIGTERM mid-stream — the batch in flight is finished and committed, the process exits 0. */
class FaultSigtermTest {

  private static final Duration STOP_BOUND = Duration.ofSeconds(30);

  @RegisterExtension
  final Closer closer = new Closer();

  private FaultHarness harness;

  @Test
  @DisplayName("SIGTERM mid-stream: exit 0 within 30 s, every applied event committed and every committed one applied")
  void gracefulShutdown() throws Exception {
    harness = closer.add(FaultHarness.prepare("sigterm"));
    List<BulkSender.Sent> sent = harness.sendWorkload();
    Path logs = TestStack.get().directory();
    ServiceProcess first = closer.add(ServiceProcess.start(harness.config(), logs.resolve("sigterm-1.log")));
    harness.awaitApplied(0.3);

    assertThat(first.terminate(STOP_BOUND)).as("exit status after SIGTERM").isZero();
    assertThat(first.log()).contains("Stopped").doesNotContain("Exception");
    assertCommittedExactlyWhatWasApplied(sent);

    harness.healed();
    closer.add(ServiceProcess.start(harness.config(), logs.resolve("sigterm-2.log")));
    harness.awaitResumed();
    harness.assertNoRepeatedRewards(harness.verify());
  }

  /** Below each partition's committed offset every event is applied; at or above it, none is first seen. */
  private void assertCommittedExactlyWhatWasApplied(List<BulkSender.Sent> sent) throws Exception {
    Map<Integer, Long> committed = committedOffsets();
    Set<String> applied = appliedEventIds();
    assertThat(committed).as("offsets committed before exiting").isNotEmpty();
    Set<String> belowCommit = new HashSet<>();
    Set<String> firstAtOrAbove = new HashSet<>();
    for (BulkSender.Sent record : sent) {
      String eventId = new JsonObject(new String(record.value(), StandardCharsets.UTF_8)).getString("eventId");
      if (record.offset() < committed.getOrDefault(record.partition(), 0L)) {
        belowCommit.add(eventId);
      } else if (!belowCommit.contains(eventId)) {
        firstAtOrAbove.add(eventId);
      }
    }
    assertThat(applied).as("applied events").containsAll(belowCommit);
    assertThat(applied).as("applied but not committed").doesNotContainAnyElementsOf(firstAtOrAbove);
  }

  private Map<Integer, Long> committedOffsets() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.get().kafkaBootstrap()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin
        .listConsumerGroupOffsets(harness.config().consumerGroup())
        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      Map<Integer, Long> byPartition = new HashMap<>();
      offsets.forEach((partition, offset) -> byPartition.put(partition.partition(), offset.offset()));
      return byPartition;
    }
  }

  private Set<String> appliedEventIds() {
    Set<String> ids = new HashSet<>();
    Await.result(harness.db().query("SELECT event_id FROM processed_events").execute())
      .forEach(row -> ids.add(row.getString(0)));
    return ids;
  }
}
