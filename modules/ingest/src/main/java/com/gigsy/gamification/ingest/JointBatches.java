package com.gigsy.gamification.ingest;

import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Starts the lanes' batches after a poll. Under a light stream — the lanes that are free hold together at most a
 * quarter of a batch ({@link #LIGHT_SHARE}), in records and in bytes — they apply their records in one batch together,
 * one transaction; otherwise, and whenever a lane is done, each lane starts its own. So a light stream costs one
 * transaction per poll rather than one per lane (each with its commit, its round trips and the apply statement's fixed
 * cost), and a backlog keeps the lanes' parallelism: a poll then brings a full batch (max.poll.records is the batch
 * size), which joined would be applied by one connection while the others wait.
 * <p>
 * A joint batch keeps each partition's order (a lane's records are in order, and no two lanes share a partition);
 * when it fails, each lane holds its own part and retries it on its own. Runs on the verticle's event loop.
 */
final class JointBatches {

  /** The lanes join when their queued records are at most the batch size divided by this. */
  static final int LIGHT_SHARE = 4;

  private final List<Lane> lanes;
  private final int batchSize;
  private final long batchBytes;
  private final Function<List<KafkaConsumerRecord<byte[], byte[]>>, Future<Void>> processor;

  /**
   * @param batchBytes the lanes' byte budget of a batch
   * @param processor  applies a batch, as each lane's own (see {@link BatchProcessor})
   */
  JointBatches(List<Lane> lanes, int batchSize, long batchBytes,
               Function<List<KafkaConsumerRecord<byte[], byte[]>>, Future<Void>> processor) {
    this.lanes = lanes;
    this.batchSize = batchSize;
    this.batchBytes = batchBytes;
    this.processor = processor;
  }

  /** Starts a joint batch of the ready lanes when there are several and the stream is light, then drives every lane. */
  void drive() {
    List<Lane> ready = lanes.stream().filter(Lane::ready).toList();
    if (ready.size() > 1 && ready.stream().mapToInt(Lane::queued).sum() <= batchSize / LIGHT_SHARE
      && ready.stream().mapToLong(Lane::queuedBytes).sum() <= batchBytes / LIGHT_SHARE) {
      List<List<KafkaConsumerRecord<byte[], byte[]>>> parts = ready.stream().map(Lane::take).toList();
      List<KafkaConsumerRecord<byte[], byte[]>> joint = new ArrayList<>();
      parts.forEach(joint::addAll);
      processor.apply(joint).onComplete(done -> {
        for (int i = 0; i < ready.size(); i++) {
          ready.get(i).finished(parts.get(i), done);
        }
      });
    }
    lanes.forEach(Lane::drive);
  }
}
