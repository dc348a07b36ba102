package com.gigsy.gamification.ingest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Commits in turn: at once when none was made lately, merged while one is in flight or its turn has not come. */
class OffsetCommitterTest {

  private static final String TOPIC = "events";

  private Vertx vertx;
  private Context context;
  /** Each commit asked for, as "partition=offset" sorted by partition, with the promise that ends it. */
  private final List<Commit> commits = new CopyOnWriteArrayList<>();
  /** The same, as they come: a test waits for the next one here. */
  private final LinkedBlockingQueue<Commit> arrivals = new LinkedBlockingQueue<>();

  private record Commit(String offsets, Promise<Void> done) {
  }

  @BeforeEach
  void createVertx() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("The first batch commits at once; later ones within the interval wait for one merged commit")
  void commitsAtMostOncePerInterval() throws Exception {
    OffsetCommitter committer = committer(300);
    onLoop(() -> applied(committer, record(0, 4)));
    assertThat(commits).extracting(Commit::offsets).containsExactly("0=5");
    assertThat(arrivals.poll()).isSameAs(commits.get(0));
    onLoop(() -> {
      commits.get(0).done().complete();
      applied(committer, record(0, 5));
      applied(committer, record(1, 7));
      applied(committer, record(0, 9));
      return null;
    });
    assertThat(commits).as("its turn has not come").hasSize(1);

    Commit merged = arrivals.poll(5, TimeUnit.SECONDS);
    assertThat(merged).as("a commit once its turn came").isNotNull();
    assertThat(merged.offsets()).isEqualTo("0=10 1=8");
    assertThat(commits).hasSize(2);
  }

  @Test
  @DisplayName("Draining commits what is pending without waiting for its turn, and completes once the broker answered")
  void drainCommitsAtOnce() throws Exception {
    OffsetCommitter committer = committedOnce();
    onLoop(() -> applied(committer, record(2, 3)));
    assertThat(commits).hasSize(1);

    Future<Void> drained = onLoop(committer::drain);
    assertThat(commits).extracting(Commit::offsets).containsExactly("0=2", "2=4");
    assertThat(drained.isComplete()).isFalse();
    onLoop(() -> {
      commits.get(1).done().fail("broker gone");
      return null;
    });
    drained.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(drained.succeeded()).as("a failed commit is delivered again, not an error of the drain").isTrue();
  }

  @Test
  @DisplayName("Offsets of revoked partitions pending their turn are dropped: the new owner commits them")
  void revokedOffsetsAreForgotten() throws Exception {
    OffsetCommitter committer = committedOnce();
    onLoop(() -> {
      applied(committer, record(0, 2));
      applied(committer, record(1, 6));
      committer.forget(Set.of(new TopicPartition(TOPIC, 0)));
      return null;
    });

    onLoop(committer::drain);
    assertThat(commits).extracting(Commit::offsets).containsExactly("0=2", "1=7");
  }

  /** A committer whose next turn is an hour away: it committed offset 2 of partition 0, and the broker answered. */
  private OffsetCommitter committedOnce() throws Exception {
    OffsetCommitter committer = committer(TimeUnit.HOURS.toMillis(1));
    onLoop(() -> applied(committer, record(0, 1)));
    onLoop(() -> commits.get(0).done().tryComplete());
    return committer;
  }

  private OffsetCommitter committer(long intervalMs) throws Exception {
    return onLoop(() -> new OffsetCommitter(vertx, offsets -> {
      Map<Integer, Long> sorted = new TreeMap<>();
      offsets.forEach((partition, offset) -> sorted.put(partition.getPartition(), offset.getOffset()));
      Promise<Void> done = Promise.promise();
      Commit commit = new Commit(String.join(" ", sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .toList()), done);
      commits.add(commit);
      arrivals.add(commit);
      return done.future();
    }, intervalMs));
  }

  private static Void applied(OffsetCommitter committer, KafkaConsumerRecord<byte[], byte[]> record) {
    committer.applied(List.of(record), partition -> true);
    return null;
  }

  private static KafkaConsumerRecord<byte[], byte[]> record(int partition, long offset) {
    return new KafkaConsumerRecordImpl<>(new ConsumerRecord<>(TOPIC, partition, offset, new byte[0], new byte[0]));
  }

  /** Runs on the committer's event loop, as the ingest verticle does, and waits for it. */
  private <T> T onLoop(Supplier<T> action) {
    return OnLoop.call(context, action);
  }

}
