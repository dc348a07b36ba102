package com.gigsy.gamification.ingest;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.ApplyBatch;
import com.gigsy.gamification.core.ApplyResult;
import com.gigsy.gamification.core.ApplyResult.Outcome;
import com.gigsy.gamification.core.EventParser;
import com.gigsy.gamification.core.GamificationEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens to one batch of records (CONTRACT §2): each is validated, the valid events go to the
 * engine in one request over the event bus, and the invalid ones and those PostgreSQL refused for good
 * go to the DLQ. The returned future completes once every record is durable in PostgreSQL or on the DLQ,
 * and fails when the engine or the DLQ is unavailable — then nothing is lost, the batch is simply tried again.
 */
final class BatchProcessor {

  private static final long ENGINE_TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final DeadLetters deadLetters;
  private final IngestMetrics metrics;

  BatchProcessor(Vertx vertx, DeadLetters deadLetters, IngestMetrics metrics) {
    this.vertx = vertx;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
  }

  Future<Void> process(List<KafkaConsumerRecord<byte[], byte[]>> batch) {
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
    return applyValid(valid).compose(outcomes -> deadLetter(batch, parsed, outcomes));
  }

  private Future<List<Outcome>> applyValid(List<GamificationEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return vertx.eventBus()
      .<ApplyResult>request(Addresses.EVENTS_APPLY, new ApplyBatch(events),
        new DeliveryOptions().setSendTimeout(ENGINE_TIMEOUT_MS))
      .map(reply -> reply.body().outcomes());
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
}
