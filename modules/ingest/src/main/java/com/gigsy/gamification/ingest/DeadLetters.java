package com.gigsy.gamification.ingest;

import com.gigsy.gamification.core.EventParser;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.KafkaClients;
import com.gigsy.gamification.core.LogSafe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Publishes records that cannot be processed to the dead-letter topic with a header {@code error} naming the
 * reason and headers locating the original record. A record within the size limit goes unchanged (same key, same
 * value). A larger one — and one the DLQ refuses as too large — goes without its value: its size and SHA-256 in
 * headers {@value #ORIGINAL_SIZE_HEADER} and {@value #ORIGINAL_SHA256_HEADER} identify it (the original stays on
 * the source topic at its offset until retention). A refusal as too large is permanent, never retried: were even
 * the value-less form too large (a huge key), the key goes too.
 */
final class DeadLetters {

  static final String ERROR_HEADER = "error";
  static final String ORIGINAL_SIZE_HEADER = "original-size";
  static final String ORIGINAL_SHA256_HEADER = "original-sha256";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  /** What the DLQ carries of a record, from all of it to headers only. */
  private enum Form {
    WHOLE, WITHOUT_VALUE, HEADERS_ONLY
  }

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  DeadLetters(Vertx vertx, GamificationConfig config) {
    this.topic = config.dlqTopic();
    // Kafka's default max.request.size (1 MiB) is ample: a record within the 64 KiB limit goes whole, a larger
    // one without its value
    this.producer = KafkaClients.producer(vertx, config, "gamification-dlq", byte[].class, byte[].class, Map.of(
      "delivery.timeout.ms", "30000"));
  }

  /**
   * @param eventId the record's event id when it could be read, for the log; may be {@code null}
   * @return completes once the broker has acknowledged the record (in whichever form)
   */
  Future<Void> publish(KafkaConsumerRecord<byte[], byte[]> record, String eventId, String reason) {
    boolean oversized = record.value() != null && record.value().length > EventParser.MAX_RECORD_BYTES;
    return publish(record, eventId, reason, oversized ? Form.WITHOUT_VALUE : Form.WHOLE);
  }

  private Future<Void> publish(KafkaConsumerRecord<byte[], byte[]> record, String eventId, String reason, Form form) {
    return producer.send(letter(record, reason, form))
      .onSuccess(meta -> LOG.warn("Dead-lettered {}-{}@{}{} (eventId {}): {}", record.topic(), record.partition(),
        record.offset(), form == Form.WHOLE ? "" : " without its value (" + (record.value() == null ? 0 : record.value().length) + " bytes)",
        eventId == null ? "unknown" : LogSafe.escape(eventId), LogSafe.escape(reason)))
      .<Void>mapEmpty()
      .recover(failure -> {
        if (!tooLarge(failure) || form == Form.HEADERS_ONLY) {
          return Future.failedFuture(failure);
        }
        LOG.warn("The DLQ refused {}-{}@{} as too large ({}); sending it with less", record.topic(), record.partition(),
          record.offset(), failure.getMessage());
        return publish(record, eventId, reason, form == Form.WHOLE ? Form.WITHOUT_VALUE : Form.HEADERS_ONLY);
      });
  }

  private KafkaProducerRecord<byte[], byte[]> letter(KafkaConsumerRecord<byte[], byte[]> record, String reason, Form form) {
    byte[] value = record.value();
    KafkaProducerRecord<byte[], byte[]> dead = KafkaProducerRecord.create(topic,
      form == Form.HEADERS_ONLY ? null : record.key(), form == Form.WHOLE ? value : null);
    dead.addHeader(KafkaHeader.header(ERROR_HEADER, reason));
    dead.addHeader(KafkaHeader.header("source-topic", record.topic()));
    dead.addHeader(KafkaHeader.header("source-partition", Integer.toString(record.partition())));
    dead.addHeader(KafkaHeader.header("source-offset", Long.toString(record.offset())));
    if (form != Form.WHOLE && value != null) {
      dead.addHeader(KafkaHeader.header(ORIGINAL_SIZE_HEADER, Integer.toString(value.length)));
      dead.addHeader(KafkaHeader.header(ORIGINAL_SHA256_HEADER, sha256(value)));
    }
    return dead;
  }

  private static boolean tooLarge(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof RecordTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private static String sha256(byte[] value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  Future<Void> close() {
    return producer.close();
  }
}
