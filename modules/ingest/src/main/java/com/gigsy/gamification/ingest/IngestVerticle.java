package com.gigsy.gamification.ingest;

import com.gigsy.gamification.core.EventParser;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.KafkaClients;
import com.gigsy.gamification.core.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Consumes {@code gigsy.events} and hands valid events to the engine (CONTRACT §2).
 *
 * <p>One loop polls, never overlapping itself, and spreads the records over a few {@link Lane}s by
 * partition; each lane applies one batch at a time (see {@link BatchProcessor}), so up to
 * {@code GAMIFICATION_INGEST_LANES} batches are written at once while each partition keeps its order.
 * Offsets are committed explicitly, per partition, only for records durable in PostgreSQL or on the DLQ
 * ({@link OffsetCommitter}). A partition is paused while its lane holds a failed batch or already has a
 * full batch waiting, and the loop keeps polling meanwhile, so the consumer stays in its group while
 * PostgreSQL is down and memory stays bounded by about two batches per lane.
 */
public class IngestVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);
  /** Poll timeout when nothing is waiting: a new record is still handed over as soon as it arrives. */
  private static final Duration IDLE_POLL_TIMEOUT = Duration.ofMillis(500);
  /** Poll timeout while lanes work: pausing, resuming and committing wait for the poll in progress. */
  private static final Duration BUSY_POLL_TIMEOUT = Duration.ofMillis(10);
  private static final long POLL_RETRY_MS = 100;
  /**
   * Most bytes one fetch brings per partition: thousands of typical events (a few hundred bytes each, so a whole
   * batch of {@code GAMIFICATION_ENGINE_BATCH_SIZE} 1,000), eight at the 64 KiB record limit. Kafka still returns a
   * first record batch larger than this whole, so a partition never stalls on one.
   */
  static final int MAX_PARTITION_FETCH_BYTES = 8 * EventParser.MAX_RECORD_BYTES;
  /** Most bytes of one fetch, all partitions together (Kafka's default is 50 MiB). */
  static final int MAX_FETCH_BYTES = 4 * 1024 * 1024;
  /**
   * Most bytes (keys and values) of one batch, whatever the batch size: a thousand typical events take a few hundred
   * KiB, whereas a stream of records near the 64 KiB limit makes batches of about 64, so the (2 × lanes + 1) batches
   * ingest may hold stay within tens of MiB rather than hundreds.
   */
  static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

  private KafkaConsumer<byte[], byte[]> consumer;
  private DeadLetters deadLetters;
  private IngestMetrics metrics;
  private OffsetCommitter committer;
  private final List<Lane> lanes = new ArrayList<>();
  private JointBatches batches;
  private final Map<TopicPartition, Lane> owners = new HashMap<>();
  /** The partitions this loop has paused (the consumer forgets pauses of revoked partitions). */
  private final Set<TopicPartition> paused = new HashSet<>();
  private final Promise<Void> loopDone = Promise.promise();
  private boolean stopping;

  @Override
  public Future<?> start() {
    GamificationConfig config = GamificationConfig.fromJson(config());
    deadLetters = new DeadLetters(vertx, config);
    consumer = KafkaClients.consumer(vertx, config, "gamification-ingest-" + UUID.randomUUID(), byte[].class, byte[].class,
      consumerSettings(config));
    committer = new OffsetCommitter(vertx, consumer);
    metrics = new IngestMetrics(ServiceMetrics.registry(vertx), consumer.unwrap()::metrics,
      () -> lanes.stream().mapToInt(Lane::held).sum(), () -> lanes.stream().mapToInt(Lane::pending).sum());
    BatchProcessor processor = new BatchProcessor(vertx, deadLetters, metrics);
    for (int i = 0; i < config.ingestLanes(); i++) {
      lanes.add(new Lane(i, vertx, config.engineBatchSize(), MAX_BATCH_BYTES, processor::process, this::applied));
    }
    batches = new JointBatches(lanes, config.engineBatchSize(), MAX_BATCH_BYTES, processor::process);
    consumer.partitionsRevokedHandler(this::onRevoked);
    consumer.partitionsAssignedHandler(this::onAssigned);
    consumer.exceptionHandler(e -> LOG.warn("Kafka consumer error: {}", e.getMessage()));
    return consumer.subscribe(config.eventsTopic()).onSuccess(v -> {
      LOG.info("Consuming {} as group {} ({}) with {} lanes", config.eventsTopic(), config.consumerGroup(),
        config.instanceId() == null ? "dynamic membership" : "static member " + config.instanceId(), lanes.size());
      loop();
    });
  }

  private static Map<String, String> consumerSettings(GamificationConfig config) {
    Map<String, String> settings = new HashMap<>(Map.of(
      "group.id", config.consumerGroup(),
      "auto.offset.reset", "earliest",
      "max.poll.records", Integer.toString(config.engineBatchSize()),
      "partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
      "max.poll.interval.ms", Long.toString(config.consumerMaxPollInterval().toMillis()),
      "max.partition.fetch.bytes", Integer.toString(MAX_PARTITION_FETCH_BYTES),
      "fetch.max.bytes", Integer.toString(MAX_FETCH_BYTES)));
    if (config.instanceId() != null) {
      // static membership: restarted with the same id, the instance takes its partitions back at once instead of
      // waiting for the session of its previous life to time out
      settings.put("group.instance.id", config.instanceId());
    }
    return settings;
  }

  private void loop() {
    if (stopping) {
      loopDone.tryComplete();
      return;
    }
    boolean busy = !paused.isEmpty() || lanes.stream().anyMatch(lane -> lane.pending() > 0);
    consumer.poll(busy ? BUSY_POLL_TIMEOUT : IDLE_POLL_TIMEOUT)
      .map(this::onPolled)
      .compose(v -> updatePauses())
      .onComplete(v -> loop(), failure -> {
        LOG.warn("Kafka poll failed, polling again: {}", failure.getMessage());
        vertx.setTimer(POLL_RETRY_MS, id -> loop());
      });
  }

  private Void onPolled(KafkaConsumerRecords<byte[], byte[]> records) {
    if (records.isEmpty()) {
      return null;
    }
    metrics.consumed(records.size());
    for (int i = 0; i < records.size(); i++) {
      KafkaConsumerRecord<byte[], byte[]> record = records.recordAt(i);
      owners.computeIfAbsent(Lane.partitionOf(record), this::leastBusyLane).add(record);
    }
    batches.drive();
    return null;
  }

  /** Pauses the partitions of lanes that want no more records, resumes the others. */
  private Future<Void> updatePauses() {
    Set<TopicPartition> wanted = new HashSet<>();
    for (Lane lane : lanes) {
      if (lane.wantsPause()) {
        wanted.addAll(lane.partitions());
      }
    }
    Set<TopicPartition> toPause = new HashSet<>(wanted);
    toPause.removeAll(paused);
    Set<TopicPartition> toResume = new HashSet<>(paused);
    toResume.removeAll(wanted);
    if (toPause.isEmpty() && toResume.isEmpty()) {
      return Future.succeededFuture();
    }
    paused.addAll(toPause);
    paused.removeAll(toResume);
    Future<Void> pausing = toPause.isEmpty() ? Future.succeededFuture() : consumer.pause(toPause);
    return pausing.compose(v -> toResume.isEmpty() ? Future.succeededFuture() : consumer.resume(toResume));
  }

  private void applied(List<KafkaConsumerRecord<byte[], byte[]>> batch) {
    metrics.applied(batch);
    committer.applied(batch, partition -> owners.get(partition) != null);
  }

  private Lane leastBusyLane(TopicPartition partition) {
    Lane lane = lanes.stream().min(Comparator.comparingInt(l -> l.partitions().size())).orElseThrow();
    lane.own(partition);
    return lane;
  }

  private void onAssigned(Set<TopicPartition> assigned) {
    if (assigned.isEmpty()) {
      return;
    }
    metrics.assigned(assigned.size());
    for (TopicPartition partition : assigned) {
      owners.computeIfAbsent(partition, this::leastBusyLane);
    }
    LOG.info("Partitions assigned: {}", assigned);
  }

  private void onRevoked(Set<TopicPartition> revoked) {
    if (revoked.isEmpty()) {
      return;
    }
    metrics.revoked(revoked.size());
    LOG.info("Partitions revoked: {}", revoked);
    owners.keySet().removeAll(revoked);
    paused.removeAll(revoked);
    committer.forget(revoked);
    lanes.forEach(lane -> lane.release(revoked));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (consumer == null) {
      return deadLetters == null ? Future.succeededFuture() : deadLetters.close();
    }
    return loopDone.future()
      .compose(v -> Future.all(lanes.stream().map(Lane::close).toList()))
      .compose(v -> committer.drain())
      .eventually(() -> consumer.close())
      .eventually(() -> deadLetters.close());
  }
}
