package com.gigsy.gamification.app;

import com.gigsy.gamification.core.EventParser;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.InProcessService;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TopicCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Fault scenario 6: a flood of poison records interleaved with a valid workload. */
class FaultPoisonFloodTest {

  /** One poison record after every this many valid ones. */
  private static final int EVERY = 10;

  @RegisterExtension
  final Closer closer = new Closer();

  @Test
  @DisplayName("Poison records interleaved with valid events all land on the DLQ, unchanged, with a reason; "
    + "the valid events are applied exactly once")
  void poisonFlood() {
    FaultHarness harness = closer.add(FaultHarness.prepare("poison-flood"));
    TopicCollector dlq = closer.add(new TopicCollector(TestStack.get().kafkaBootstrap(), harness.config().dlqTopic()));
    InProcessService service = closer.add(InProcessService.start(Service::start, harness.config()));
    List<BulkSender.Record> poison = PoisonRecords.first(Workload.defaultSize() / EVERY);
    List<BulkSender.Record> mixed = new ArrayList<>();
    var events = harness.workload().events();
    for (int i = 0; i < events.size(); i++) {
      mixed.add(new BulkSender.Record(events.get(i).getString("userId"),
        events.get(i).encode().getBytes(StandardCharsets.UTF_8)));
      if (i % EVERY == 0 && i / EVERY < poison.size()) {
        mixed.add(poison.get(i / EVERY));
      }
    }
    harness.send(mixed);

    harness.verify();
    Await.until("every poison record is on the DLQ", () -> dlq.matching(FaultPoisonFloodTest::isPoison).size() >= poison.size());
    Map<String, ConsumerRecord<byte[], byte[]>> dead = new HashMap<>();
    dlq.matching(FaultPoisonFloodTest::isPoison).forEach(r -> dead.put(new String(r.key(), StandardCharsets.UTF_8), r));
    assertThat(dead).hasSize(poison.size());
    for (BulkSender.Record record : poison) {
      ConsumerRecord<byte[], byte[]> letter = dead.get(record.key());
      if (record.value().length > EventParser.MAX_RECORD_BYTES) {
        assertThat(letter.value()).as("value of " + record.key() + ", over the limit, left out").isNull();
      } else {
        assertThat(Arrays.equals(letter.value(), record.value())).as("value of " + record.key() + " unchanged").isTrue();
      }
      assertThat(TopicCollector.header(letter, "error")).as("reason of " + record.key()).isNotBlank();
    }
    assertThat(dlq.matching(r -> !isPoison(r))).as("valid events on the DLQ").isEmpty();
    assertThat(service.count("gamification.events.dead.lettered")).isEqualTo(poison.size());
  }

  private static boolean isPoison(ConsumerRecord<byte[], byte[]> record) {
    return record.key() != null && new String(record.key(), StandardCharsets.UTF_8).startsWith(PoisonRecords.KEY_PREFIX);
  }
}
