package com.gigsy.gamification.ingest;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.gigsy.gamification.ingest.TestBatches.TOPIC;
import static com.gigsy.gamification.ingest.TestBatches.await;
import static com.gigsy.gamification.ingest.TestBatches.record;
import static org.assertj.core.api.Assertions.assertThat;

/** Three lanes, partition i owned by lane i: the free lanes' records go out together under a light stream. */
class JointBatchesTest {

  /** So a light stream is at most 4 records. */
  private static final int BATCH = 4 * JointBatches.LIGHT_SHARE;
  /** The byte budget of a batch. */
  private static final long BYTES = 4_000;

  private Vertx vertx;
  private Context context;
  private TestBatches batches;
  private final List<Lane> lanes = new ArrayList<>();
  private JointBatches joint;

  @BeforeEach
  void createLanes() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    batches = new TestBatches(context);
    OnLoop.call(context, () -> {
      for (int i = 0; i < 3; i++) {
        Lane lane = new Lane(i, vertx, BATCH, BYTES, batches::process, batches::applied);
        lane.own(new TopicPartition(TOPIC, i));
        lanes.add(lane);
      }
      joint = new JointBatches(lanes, BATCH, BYTES, batches::process);
      return null;
    });
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("Free lanes with a light stream's records (a quarter of a batch) apply them together, each partition in order; each lane is told of its own")
  void freeLanesGoTogether() {
    poll(new int[] {0, 0}, new int[] {1, 0}, new int[] {0, 1}, new int[] {2, 0});
    assertThat(batches.calls).hasSize(1);
    assertThat(batches.calls.get(0).records()).containsExactly("0@0", "0@1", "1@0", "2@0");

    poll(new int[] {1, 1});
    assertThat(batches.calls).as("lane 1 is busy with the joint batch: its record waits").hasSize(1);

    batches.finish(0, true);
    await("lane 1's own batch", () -> batches.calls.size() == 2);
    assertThat(batches.calls.get(1).records()).containsExactly("1@1");
    assertThat(batches.applied).containsExactly("0@0", "0@1", "1@0", "2@0");
  }

  @Test
  @DisplayName("Free lanes with more than a quarter of a batch, as in a backlog, start a batch each")
  void backlogKeepsLanesApart() {
    poll(new int[] {0, 0}, new int[] {0, 1}, new int[] {0, 2}, new int[] {1, 0}, new int[] {1, 1}, new int[] {1, 2});
    assertThat(batches.calls).extracting(TestBatches.Call::records)
      .containsExactly(List.of("0@0", "0@1", "0@2"), List.of("1@0", "1@1", "1@2"));
  }

  @Test
  @DisplayName("Free lanes with few records but more than a quarter of the byte budget start a batch each")
  void heavyRecordsKeepLanesApart() {
    OnLoop.call(context, () -> {
      lanes.get(0).add(record(0, 0, (int) BYTES / JointBatches.LIGHT_SHARE));
      lanes.get(1).add(record(1, 0, 1));
      joint.drive();
      return null;
    });
    assertThat(batches.calls).extracting(TestBatches.Call::records)
      .containsExactly(List.of("0@0"), List.of("1@0"));
  }

  @Test
  @DisplayName("One free lane with records applies them alone; a busy lane is not joined")
  void busyLanesAreNotJoined() {
    poll(new int[] {0, 0});
    poll(new int[] {0, 1}, new int[] {1, 0});
    assertThat(batches.calls).extracting(TestBatches.Call::records)
      .containsExactly(List.of("0@0"), List.of("1@0"));
  }

  @Test
  @DisplayName("A failed joint batch is held by each lane, which retries its own part alone")
  void failedJointBatchIsRetriedByEachLane() {
    poll(new int[] {0, 0}, new int[] {1, 0});
    batches.finish(0, false);
    await("each lane holds its part", () -> OnLoop.call(context, () -> lanes.get(0).held() + lanes.get(1).held()) == 2);
    await("each lane retries its part", () -> batches.calls.size() == 3);
    assertThat(batches.calls.subList(1, 3)).extracting(TestBatches.Call::records)
      .containsExactlyInAnyOrder(List.of("0@0"), List.of("1@0"));
    batches.finish(1, true);
    batches.finish(2, true);
    await("both applied", () -> batches.applied.size() == 2);
  }

  /** As a poll does: the records go to their partitions' lanes, then the lanes are driven. */
  private void poll(int[]... partitionOffsets) {
    OnLoop.call(context, () -> {
      for (int[] record : partitionOffsets) {
        lanes.get(record[0]).add(record(record[0], record[1]));
      }
      joint.drive();
      return null;
    });
  }
}
