package com.gigsy.gamification.ingest;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.ApplyBatch;
import com.gigsy.gamification.core.ApplyResult;
import com.gigsy.gamification.core.ApplyResult.Outcome;
import com.gigsy.gamification.core.EventParser;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.GamificationEvent;
import com.gigsy.gamification.core.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Consumes {@code gigsy.events} and hands valid events to the engine (CONTRACT §2).
 *
 * <p>One loop, never overlapping: poll a batch, validate it, send the valid events to the engine over
 * the event bus, dead-letter the invalid and the refused ones, then commit the batch's offsets
 * explicitly, per partition. Offsets are committed only for records that are durable in PostgreSQL or
 * on the DLQ. When the engine or the DLQ is unavailable the batch is held, every assigned partition is
 * paused, and the loop keeps polling (so the consumer stays in its group) while it retries the held
 * batch with a growing back-off; then the partitions resume. Memory stays bounded by one batch.
 */
public class IngestVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration HELD_POLL_TIMEOUT = Duration.ofMillis(100);
  private static final long ENGINE_TIMEOUT_MS = 60_000;
  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;
  /** How many event ids of a held batch a retry's log line names. */
  private static final int LOGGED_IDS = 10;

  private KafkaConsumer<byte[], byte[]> consumer;
  private DeadLetters deadLetters;
  private IngestMetrics metrics;
  private final Promise<Void> loopDone = Promise.promise();
  private boolean stopping;

  /** The batch waiting for a retry while a dependency is down, or {@code null}. */
  private List<KafkaConsumerRecord<byte[], byte[]>> held;
  private long retryAt;
  private long backoffMs = MIN_BACKOFF_MS;

  @Override
  public Future<?> start() {
    GamificationConfig config = GamificationConfig.fromJson(config());
    deadLetters = new DeadLetters(vertx, config.kafkaBootstrap(), config.dlqTopic());
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", config.kafkaBootstrap());
    props.put("group.id", config.consumerGroup());
    props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    props.put("max.poll.records", Integer.toString(config.engineBatchSize()));
    props.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    props.put("max.poll.interval.ms", Long.toString(config.consumerMaxPollInterval().toMillis()));
    consumer = KafkaConsumer.create(vertx, props);
    metrics = new IngestMetrics(ServiceMetrics.registry(vertx), consumer.unwrap()::metrics,
      () -> held == null ? 0 : held.size());
    consumer.partitionsRevokedHandler(this::onRevoked);
    consumer.partitionsAssignedHandler(this::onAssigned);
    consumer.exceptionHandler(e -> LOG.warn("Kafka consumer error: {}", e.getMessage()));
    return consumer.subscribe(config.eventsTopic()).onSuccess(v -> {
      LOG.info("Consuming {} as group {}", config.eventsTopic(), config.consumerGroup());
      loop();
    });
  }

  private void loop() {
    if (stopping) {
      loopDone.tryComplete();
      return;
    }
    Future<Void> step;
    if (held != null && System.currentTimeMillis() >= retryAt) {
      step = process(held);
    } else {
      step = consumer.poll(held == null ? POLL_TIMEOUT : HELD_POLL_TIMEOUT).compose(this::onPolled);
    }
    step.onComplete(v -> loop(), failure -> {
      LOG.warn("Kafka poll failed, polling again: {}", failure.getMessage());
      vertx.setTimer(MIN_BACKOFF_MS, id -> loop());
    });
  }

  private Future<Void> onPolled(KafkaConsumerRecords<byte[], byte[]> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    metrics.consumed(records.size());
    List<KafkaConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      batch.add(records.recordAt(i));
    }
    if (held != null) {
      // Partitions assigned while a batch is held: keep their records behind it, in order.
      held.addAll(batch);
      return pauseAssigned();
    }
    return process(batch);
  }

  /** Applies a batch; never fails: on a transient failure the batch is held for a retry. */
  private Future<Void> process(List<KafkaConsumerRecord<byte[], byte[]>> batch) {
    List<EventParser.Result> parsed = new ArrayList<>(batch.size());
    List<GamificationEvent> valid = new ArrayList<>();
    for (KafkaConsumerRecord<byte[], byte[]> record : batch) {
      Instant timestamp = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
      EventParser.Result result = EventParser.parse(record.value(), timestamp);
      parsed.add(result);
      if (result.valid()) {
        valid.add(result.event());
      }
    }
    return applyValid(valid)
      .compose(outcomes -> deadLetter(batch, parsed, outcomes))
      .compose(v -> commit(batch))
      .compose(v -> released(), failure -> hold(batch, failure));
  }

  private Future<List<Outcome>> applyValid(List<GamificationEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return vertx.eventBus()
      .<JsonObject>request(Addresses.EVENTS_APPLY, new ApplyBatch(events).toJson(),
        new DeliveryOptions().setSendTimeout(ENGINE_TIMEOUT_MS))
      .map(reply -> ApplyResult.fromJson(reply.body()).outcomes());
  }

  private Future<Void> deadLetter(List<KafkaConsumerRecord<byte[], byte[]>> batch, List<EventParser.Result> parsed,
                                  List<Outcome> outcomes) {
    List<Future<Void>> sent = new ArrayList<>();
    int validIndex = 0;
    for (int i = 0; i < batch.size(); i++) {
      EventParser.Result result = parsed.get(i);
      if (!result.valid()) {
        sent.add(deadLetters.publish(batch.get(i), result.eventId(), result.error())
          .onSuccess(v -> metrics.deadLettered(IngestMetrics.CAUSE_INVALID)));
      } else {
        Outcome outcome = outcomes.get(validIndex++);
        if (outcome.status() == ApplyResult.Status.REJECTED) {
          sent.add(deadLetters.publish(batch.get(i), result.eventId(), outcome.reason())
            .onSuccess(v -> metrics.deadLettered(IngestMetrics.CAUSE_REJECTED)));
        }
      }
    }
    return Future.all(sent).mapEmpty();
  }

  private Future<Void> commit(List<KafkaConsumerRecord<byte[], byte[]>> batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (KafkaConsumerRecord<byte[], byte[]> record : batch) {
      offsets.merge(new TopicPartition(record.topic(), record.partition()),
        new OffsetAndMetadata(record.offset() + 1, ""),
        (a, b) -> a.getOffset() >= b.getOffset() ? a : b);
    }
    // A failed commit (e.g. the partition moved to another instance) loses nothing: the records are
    // delivered again and the engine recognises them as duplicates.
    return consumer.commit(offsets)
      .<Void>mapEmpty()
      .onSuccess(v -> metrics.committed(batch))
      .recover(e -> {
        LOG.warn("Committing offsets failed, the records will be seen again: {}", e.getMessage());
        return Future.succeededFuture();
      });
  }

  private Future<Void> hold(List<KafkaConsumerRecord<byte[], byte[]>> batch, Throwable failure) {
    held = batch;
    retryAt = System.currentTimeMillis() + backoffMs;
    LOG.warn("Holding {} records (first {}-{}@{}; events {}), retry in {} ms: {}", batch.size(), batch.get(0).topic(),
      batch.get(0).partition(), batch.get(0).offset(), eventIds(batch), backoffMs, failure.getMessage());
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    return pauseAssigned();
  }

  /** The event ids of the first records of a batch, for a log line ({@code ?} where a record is not readable). */
  private static String eventIds(List<KafkaConsumerRecord<byte[], byte[]>> batch) {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < Math.min(batch.size(), LOGGED_IDS); i++) {
      String id = EventParser.parse(batch.get(i).value(), Instant.EPOCH).eventId();
      ids.append(i == 0 ? "" : ", ").append(id == null ? "?" : id);
    }
    return batch.size() > LOGGED_IDS ? ids + " and " + (batch.size() - LOGGED_IDS) + " more" : ids.toString();
  }

  private Future<Void> released() {
    backoffMs = MIN_BACKOFF_MS;
    if (held == null) {
      return Future.succeededFuture();
    }
    held = null;
    LOG.info("Dependencies are back, resuming consumption");
    return consumer.paused().compose(consumer::resume);
  }

  private Future<Void> pauseAssigned() {
    return consumer.assignment().compose(consumer::pause);
  }

  private void onAssigned(Set<TopicPartition> assigned) {
    if (!assigned.isEmpty()) {
      metrics.assigned(assigned.size());
      LOG.info("Partitions assigned: {}", assigned);
    }
  }

  private void onRevoked(Set<TopicPartition> revoked) {
    if (!revoked.isEmpty()) {
      metrics.revoked(revoked.size());
      LOG.info("Partitions revoked: {}", revoked);
    }
    if (held != null) {
      held.removeIf(r -> revoked.contains(new TopicPartition(r.topic(), r.partition())));
      if (held.isEmpty()) {
        held = null;
        backoffMs = MIN_BACKOFF_MS;
      }
    }
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    Future<Void> finished = consumer == null ? Future.succeededFuture() : loopDone.future();
    return finished
      .eventually(() -> consumer == null ? Future.succeededFuture() : consumer.close())
      .eventually(() -> deadLetters == null ? Future.succeededFuture() : deadLetters.close());
  }
}
