package com.gigsy.gamification.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Commits the offsets of applied batches, explicitly per partition, off the lanes' path: a lane starts its
 * next batch without waiting for the broker. One commit is in flight at a time, and one starts at most every
 * {@link #MIN_INTERVAL_MS} ms; offsets that arrive meanwhile are merged (the highest per partition) into the next one.
 * A commit not made (a failure, a crash, partitions revoked before it) loses nothing: the records are delivered
 * again and the engine recognises them as duplicates. {@link #drain} commits what is pending at once. Runs on the
 * event loop.
 */
final class OffsetCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitter.class);
  /**
   * Least time between the starts of two commits. Under a light stream the lanes apply a batch of a few events every
   * few ms, and each commit is a request the consumer makes and the broker writes to its offsets topic: at 1,000
   * events/s the commits, back to back, ran as often as the batches. At most this much more is delivered again after a
   * crash.
   */
  static final long MIN_INTERVAL_MS = 100;

  private final Vertx vertx;
  private final Function<Map<TopicPartition, OffsetAndMetadata>, Future<Void>> commit;
  private final long minIntervalMs;
  private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
  private boolean committing;
  private Promise<Void> drained;
  /** When the last commit started ({@link System#nanoTime}). */
  private long lastStart;
  /** The timer that waits for the next commit's turn, or -1. */
  private long timer = -1;

  OffsetCommitter(Vertx vertx, KafkaConsumer<byte[], byte[]> consumer) {
    this(vertx, offsets -> consumer.commit(offsets).mapEmpty(), MIN_INTERVAL_MS);
  }

  /** @param commit commits offsets (the consumer's, but in tests) */
  OffsetCommitter(Vertx vertx, Function<Map<TopicPartition, OffsetAndMetadata>, Future<Void>> commit, long minIntervalMs) {
    this.vertx = vertx;
    this.commit = commit;
    this.minIntervalMs = minIntervalMs;
    this.lastStart = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(minIntervalMs);
  }

  /** Queues the offsets after a durable batch, for the partitions this consumer still owns. */
  void applied(List<KafkaConsumerRecord<byte[], byte[]>> batch, Predicate<TopicPartition> owned) {
    for (KafkaConsumerRecord<byte[], byte[]> record : batch) {
      TopicPartition partition = Lane.partitionOf(record);
      if (owned.test(partition)) {
        pending.merge(partition, new OffsetAndMetadata(record.offset() + 1, ""),
          (a, b) -> a.getOffset() >= b.getOffset() ? a : b);
      }
    }
    flush();
  }

  /** Drops the offsets of revoked partitions: committing them is their new owner's business. */
  void forget(Set<TopicPartition> revoked) {
    pending.keySet().removeAll(revoked);
  }

  /** Completes once everything queued so far is committed (or failed to be), committing it without waiting. */
  Future<Void> drain() {
    if (!committing && pending.isEmpty()) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    flush();
    return drained.future();
  }

  private void flush() {
    if (committing) {
      return;
    }
    if (pending.isEmpty()) {
      if (drained != null) {
        drained.tryComplete();
        drained = null;
      }
      return;
    }
    long waitMs = minIntervalMs - (System.nanoTime() - lastStart) / 1_000_000;
    if (drained == null && waitMs > 0) {
      if (timer < 0) {
        timer = vertx.setTimer(waitMs, id -> {
          timer = -1;
          flush();
        });
      }
      return;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(pending);
    pending.clear();
    committing = true;
    lastStart = System.nanoTime();
    commit.apply(offsets).onComplete(done -> {
      committing = false;
      if (done.failed()) {
        LOG.warn("Committing offsets failed, the records will be seen again: {}", done.cause().getMessage());
      }
      flush();
    });
  }
}
