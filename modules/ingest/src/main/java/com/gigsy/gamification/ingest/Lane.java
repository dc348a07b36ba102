package com.gigsy.gamification.ingest;

import com.gigsy.gamification.core.EventParser;
import com.gigsy.gamification.core.LogSafe;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies the records of the partitions it owns, one batch at a time, in the order of each partition.
 * Records are keyed by user id, so two lanes never work on the same user: several lanes keep PostgreSQL
 * busy on several connections without contending for the same rows.
 *
 * <p>When a batch fails (PostgreSQL or the DLQ unavailable) the lane holds it and tries it again with a
 * growing back-off; meanwhile it asks for its partitions to be paused ({@link #wantsPause()}), as it does
 * when a full batch already waits behind the one being applied. So a lane holds at most about two batches. A batch is
 * full at the batch size or at its byte budget (keys and values), whichever comes first, so records near the size
 * limit make small batches rather than a lane holding hundreds of MiB.
 * <p>After a poll, lanes that are free may apply their batches together in one transaction ({@link JointBatches});
 * each still has at most one batch in flight.
 * Every method runs on the verticle's event loop.
 */
final class Lane {

  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;
  /** How many event ids of a held batch a retry's log line names. */
  private static final int LOGGED_IDS = 10;

  private final int index;
  private final Vertx vertx;
  private final int batchSize;
  private final long batchBytes;
  private final Function<List<KafkaConsumerRecord<byte[], byte[]>>, Future<Void>> processor;
  private final Consumer<List<KafkaConsumerRecord<byte[], byte[]>>> applied;
  private final Set<TopicPartition> partitions = new HashSet<>();
  private final ArrayDeque<KafkaConsumerRecord<byte[], byte[]>> queue = new ArrayDeque<>();
  /** Bytes of the records in {@link #queue}. */
  private long queuedBytes;

  /** The batch being applied, or waiting for a retry; {@code null} when none. */
  private List<KafkaConsumerRecord<byte[], byte[]>> current;
  private boolean applying;
  private boolean failing;
  private long backoffMs = MIN_BACKOFF_MS;
  private long retryTimer = -1;
  private boolean closed;
  private Promise<Void> settled;

  /**
   * @param batchBytes most bytes of one batch (but a batch always takes its first record, whatever its size)
   * @param processor  applies a batch; fails when it should be tried again later (see {@link BatchProcessor})
   * @param applied told of every batch whose records are all durable (in PostgreSQL or on the DLQ)
   */
  Lane(int index, Vertx vertx, int batchSize, long batchBytes,
       Function<List<KafkaConsumerRecord<byte[], byte[]>>, Future<Void>> processor,
       Consumer<List<KafkaConsumerRecord<byte[], byte[]>>> applied) {
    this.index = index;
    this.vertx = vertx;
    this.batchSize = batchSize;
    this.batchBytes = batchBytes;
    this.processor = processor;
    this.applied = applied;
  }

  void own(TopicPartition partition) {
    partitions.add(partition);
  }

  Set<TopicPartition> partitions() {
    return partitions;
  }

  /** Forgets revoked partitions and their records not applied yet: their new owner consumes them again. */
  void release(Set<TopicPartition> revoked) {
    partitions.removeAll(revoked);
    queue.removeIf(record -> revoked.contains(partitionOf(record)));
    queuedBytes = queue.stream().mapToLong(Lane::bytes).sum();
    if (current != null && !applying) {
      current.removeIf(record -> revoked.contains(partitionOf(record)));
      if (current.isEmpty()) {
        current = null;
        recovered();
      }
    }
  }

  void add(KafkaConsumerRecord<byte[], byte[]> record) {
    queue.add(record);
    queuedBytes += bytes(record);
  }

  /** Records taken from Kafka and not applied yet: queued, being applied or held. */
  int pending() {
    return queue.size() + (current == null ? 0 : current.size());
  }

  /** Records of a batch held for a retry because a dependency is unavailable. */
  int held() {
    return failing && current != null ? current.size() : 0;
  }

  /** Whether consuming more for this lane should wait: a batch is held, or a full one already queued. */
  boolean wantsPause() {
    return failing || queue.size() >= batchSize || queuedBytes >= batchBytes;
  }

  /** Starts the next batch unless one is being applied or waits for its back-off. */
  void drive() {
    if (closed || applying || (current == null ? queue.isEmpty() : retryTimer >= 0)) {
      return;
    }
    List<KafkaConsumerRecord<byte[], byte[]>> batch = current == null ? take() : current;
    applying = true;
    processor.apply(batch).onComplete(done -> finished(batch, done));
  }

  /** Whether {@link #drive()} would start a batch of queued records now: free, nothing held, records queued. */
  boolean ready() {
    return !closed && !applying && current == null && !queue.isEmpty();
  }

  /** Records queued, not yet in a batch. */
  int queued() {
    return queue.size();
  }

  /** Bytes (keys and values) of the records queued, not yet in a batch. */
  long queuedBytes() {
    return queuedBytes;
  }

  /**
   * Takes the next batch from the queue as the one in flight, for a caller that applies it (with other lanes' in
   * one transaction, see {@link JointBatches}) and then reports how it went with {@link #finished}. Only when
   * {@link #ready()}.
   */
  List<KafkaConsumerRecord<byte[], byte[]>> take() {
    current = new ArrayList<>(Math.min(batchSize, queue.size()));
    long bytes = 0;
    while (current.size() < batchSize && !queue.isEmpty()) {
      long next = bytes(queue.peek());
      if (!current.isEmpty() && bytes + next > batchBytes) {
        break;
      }
      bytes += next;
      current.add(queue.poll());
    }
    queuedBytes -= bytes;
    applying = true;
    return current;
  }

  /** The batch in flight is done: applied, or to be held and tried again; then the next one starts. */
  void finished(List<KafkaConsumerRecord<byte[], byte[]>> batch, AsyncResult<Void> done) {
    applying = false;
    if (done.succeeded()) {
      current = null;
      if (failing) {
        LOG.info("Lane {}: dependencies are back, resuming consumption", index);
      }
      recovered();
      applied.accept(batch);
    } else {
      hold(batch, done.cause());
    }
    if (closed) {
      settled.tryComplete();
    } else {
      drive();
    }
  }

  private void hold(List<KafkaConsumerRecord<byte[], byte[]>> batch, Throwable failure) {
    batch.removeIf(record -> !partitions.contains(partitionOf(record)));
    if (batch.isEmpty()) {
      current = null;
      recovered();
      return;
    }
    failing = true;
    LOG.warn("Lane {}: holding {} records (first {}-{}@{}; events {}), retry in {} ms: {}", index, batch.size(),
      batch.get(0).topic(), batch.get(0).partition(), batch.get(0).offset(), eventIds(batch), backoffMs,
      failure.getMessage());
    retryTimer = vertx.setTimer(backoffMs, id -> {
      retryTimer = -1;
      drive();
    });
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
  }

  private void recovered() {
    failing = false;
    backoffMs = MIN_BACKOFF_MS;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }

  /** Stops starting batches; completes once the batch being applied, if any, has finished. */
  Future<Void> close() {
    closed = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
    settled = Promise.promise();
    if (!applying) {
      settled.complete();
    }
    return settled.future();
  }

  /** What a record weighs against a batch's byte budget: its key and value. */
  private static long bytes(KafkaConsumerRecord<byte[], byte[]> record) {
    return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
  }

  static TopicPartition partitionOf(KafkaConsumerRecord<byte[], byte[]> record) {
    return new TopicPartition(record.topic(), record.partition());
  }

  /** The event ids of the first records of a batch, for a log line ({@code ?} where a record is not readable). */
  private static String eventIds(List<KafkaConsumerRecord<byte[], byte[]>> batch) {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < Math.min(batch.size(), LOGGED_IDS); i++) {
      String id = EventParser.parse(batch.get(i).value(), Instant.EPOCH).eventId();
      ids.append(i == 0 ? "" : ", ").append(id == null ? "?" : LogSafe.escape(id));
    }
    return batch.size() > LOGGED_IDS ? ids + " and " + (batch.size() - LOGGED_IDS) + " more" : ids.toString();
  }
}
