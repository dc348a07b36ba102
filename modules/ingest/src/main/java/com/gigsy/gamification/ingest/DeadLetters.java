package com.gigsy.gamification.ingest;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.KafkaClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Publishes records that cannot be processed to the dead-letter topic, unchanged (same key, same
 * value), with a header {@code error} naming the reason and headers locating the original record.
 */
final class DeadLetters {

  static final String ERROR_HEADER = "error";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  DeadLetters(Vertx vertx, GamificationConfig config) {
    this.topic = config.dlqTopic();
    this.producer = KafkaClients.producer(vertx, config, "gamification-dlq", byte[].class, byte[].class, Map.of(
      "delivery.timeout.ms", "30000",
      "max.request.size", "2097152"));
  }

  /**
   * @param eventId the record's event id when it could be read, for the log; may be {@code null}
   * @return completes once the broker has acknowledged the record
   */
  Future<Void> publish(KafkaConsumerRecord<byte[], byte[]> record, String eventId, String reason) {
    KafkaProducerRecord<byte[], byte[]> dead = KafkaProducerRecord.create(topic, record.key(), record.value());
    dead.addHeader(KafkaHeader.header(ERROR_HEADER, reason));
    dead.addHeader(KafkaHeader.header("source-topic", record.topic()));
    dead.addHeader(KafkaHeader.header("source-partition", Integer.toString(record.partition())));
    dead.addHeader(KafkaHeader.header("source-offset", Long.toString(record.offset())));
    return producer.send(dead)
      .onSuccess(meta -> LOG.warn("Dead-lettered {}-{}@{} (eventId {}): {}", record.topic(), record.partition(),
        record.offset(), eventId == null ? "unknown" : eventId, reason))
      .mapEmpty();
  }

  Future<Void> close() {
    return producer.close();
  }
}
