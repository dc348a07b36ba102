package com.gigsy.gamification.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.function.Predicate;

/**
 * Commits the offsets of applied batches, explicitly per partition, off the lanes' path: a lane starts its
 * next batch without waiting for the broker. One commit is in flight at a time; offsets that arrive
 * meanwhile are merged (the highest per partition) into the next one. A failed commit loses nothing: the
 * records are delivered again and the engine recognises them as duplicates. Runs on the event loop.
 */
final class OffsetCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitter.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
  private boolean committing;
  private Promise<Void> drained;

  OffsetCommitter(KafkaConsumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
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

  /** Completes once everything queued so far is committed (or failed to be). */
  Future<Void> drain() {
    if (!committing && pending.isEmpty()) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
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
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(pending);
    pending.clear();
    committing = true;
    consumer.commit(offsets).onComplete(done -> {
      committing = false;
      if (done.failed()) {
        LOG.warn("Committing offsets failed, the records will be seen again: {}", done.cause().getMessage());
      }
      flush();
    });
  }
}
