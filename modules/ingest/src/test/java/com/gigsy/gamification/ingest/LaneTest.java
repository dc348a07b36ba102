package com.gigsy.gamification.ingest;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static com.gigsy.gamification.ingest.TestBatches.TOPIC;
import static com.gigsy.gamification.ingest.TestBatches.await;
import static com.gigsy.gamification.ingest.TestBatches.record;
import static org.assertj.core.api.Assertions.assertThat;

/** A lane on its own: batches in partition order, one at a time, a failed batch held and retried first, revocation. */
class LaneTest {

  private static final int BATCH = 3;
  /** The byte budget of a batch. */
  private static final long BYTES = 100;

  private Vertx vertx;
  private Context context;
  private TestBatches batches;
  private List<TestBatches.Call> calls;
  private List<String> applied;
  private Lane lane;

  @BeforeEach
  void createLane() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    batches = new TestBatches(context);
    calls = batches.calls;
    applied = batches.applied;
    lane = onLoop(() -> new Lane(0, vertx, BATCH, BYTES, batches::process, batches::applied));
    onLoop(() -> {
      lane.own(new TopicPartition(TOPIC, 0));
      lane.own(new TopicPartition(TOPIC, 1));
      return null;
    });
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("Records go out in batches of at most the batch size, in arrival order, one batch at a time")
  void oneBatchAtATime() {
    add(0, 0, 1, 2, 3, 4);
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).records()).containsExactly("0@0", "0@1", "0@2");
    assertThat(onLoop(lane::pending)).isEqualTo(5);

    finish(0, true);
    await("the second batch starts", () -> calls.size() == 2);
    assertThat(calls.get(1).records()).containsExactly("0@3", "0@4");
    assertThat(applied).containsExactly("0@0", "0@1", "0@2");

    finish(1, true);
    await("everything applied", () -> applied.size() == 5);
    assertThat(onLoop(lane::pending)).isZero();
  }

  @Test
  @DisplayName("A full batch waiting behind the one in flight asks for a pause")
  void pausesWhenAFullBatchWaits() {
    add(0, 0, 1, 2, 3, 4);
    assertThat(onLoop(lane::wantsPause)).isFalse();
    add(0, 5);
    assertThat(onLoop(lane::wantsPause)).isTrue();
  }

  @Test
  @DisplayName("A batch also ends at its byte budget — but always takes its first record — and a budget's worth queued asks for a pause")
  void batchesEndAtTheirByteBudget() {
    onLoop(() -> {
      lane.add(record(0, 0, 60));
      lane.add(record(0, 1, 40));
      lane.add(record(0, 2, 1));
      lane.add(record(0, 3, 150));
      lane.add(record(0, 4, 10));
      lane.drive();
      return null;
    });
    assertThat(calls.get(0).records()).as("60 + 40 bytes: the budget").containsExactly("0@0", "0@1");
    assertThat(onLoop(lane::queuedBytes)).isEqualTo(161);
    assertThat(onLoop(lane::wantsPause)).as("161 bytes queued, 3 records").isTrue();

    finish(0, true);
    await("the second batch", () -> calls.size() == 2);
    assertThat(calls.get(1).records()).as("1 byte, then 150 would pass the budget").containsExactly("0@2");
    assertThat(onLoop(lane::wantsPause)).as("160 bytes queued").isTrue();
    finish(1, true);
    await("the third batch", () -> calls.size() == 3);
    assertThat(calls.get(2).records()).as("a record over the budget goes alone").containsExactly("0@3");
    assertThat(onLoop(lane::wantsPause)).as("10 bytes queued").isFalse();
    finish(2, true);
    await("the last batch", () -> calls.size() == 4);
    assertThat(calls.get(3).records()).containsExactly("0@4");
    assertThat(onLoop(lane::queuedBytes)).isZero();
  }

  @Test
  @DisplayName("A failed batch is held, asks for a pause, and is retried — the same records — before anything queued")
  void holdsAndRetriesFirst() {
    add(0, 0, 1, 2, 3);
    finish(0, false);
    await("the batch is held", () -> onLoop(lane::held) == 3);
    assertThat(onLoop(lane::wantsPause)).isTrue();

    await("the retry", () -> calls.size() == 2);
    assertThat(calls.get(1).records()).containsExactly("0@0", "0@1", "0@2");
    finish(1, true);
    await("the queued record after it", () -> calls.size() == 3);
    assertThat(calls.get(2).records()).containsExactly("0@3");
    assertThat(onLoop(lane::held)).isZero();
    assertThat(onLoop(lane::wantsPause)).isFalse();
  }

  @Test
  @DisplayName("Revoked partitions lose their queued and held records; the others keep theirs")
  void releaseDropsRevokedRecords() {
    onLoop(() -> {
      lane.add(record(0, 0));
      lane.add(record(1, 0));
      lane.add(record(0, 1));
      lane.add(record(1, 1));
      lane.drive();
      return null;
    });
    assertThat(calls.get(0).records()).containsExactly("0@0", "1@0", "0@1");
    finish(0, false);
    await("the batch is held", () -> onLoop(lane::held) == 3);

    onLoop(() -> {
      lane.release(Set.of(new TopicPartition(TOPIC, 1)));
      return null;
    });
    assertThat(onLoop(lane::pending)).isEqualTo(2);
    await("the retry", () -> calls.size() == 2);
    assertThat(calls.get(1).records()).containsExactly("0@0", "0@1");
    finish(1, true);
    await("applied", () -> applied.size() == 2);
    assertThat(onLoop(lane::pending)).isZero();
    assertThat(onLoop(lane::partitions)).doesNotContain(new TopicPartition(TOPIC, 1));
  }

  @Test
  @DisplayName("Closing waits for the batch in flight and starts no other")
  void closeWaitsForTheBatchInFlight() throws Exception {
    add(0, 0, 1, 2, 3);
    CompletableFuture<Void> closed = onLoop(() -> lane.close()).toCompletionStage().toCompletableFuture();
    assertThat(closed).isNotDone();
    finish(0, true);
    closed.get(5, TimeUnit.SECONDS);
    assertThat(calls).hasSize(1);
    assertThat(applied).containsExactly("0@0", "0@1", "0@2");
  }

  private void add(int partition, long... offsets) {
    onLoop(() -> {
      for (long offset : offsets) {
        lane.add(record(partition, offset));
      }
      lane.drive();
      return null;
    });
  }

  private void finish(int call, boolean success) {
    batches.finish(call, success);
  }

  /** Runs on the lane's event loop, as the verticle does, and waits for the result. */
  private <T> T onLoop(Supplier<T> action) {
    return OnLoop.call(context, action);
  }
}
