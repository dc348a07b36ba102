package com.gigsy.gamification.app;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.KafkaClients;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The {@code send} command: one event (CONTRACT §2) to the events topic, keyed by user id, acknowledged by all replicas. */
final class SendCommand {

  /** Where {@code send} looks for Kafka when {@code GAMIFICATION_KAFKA_BOOTSTRAP} is unset: dev mode's broker. */
  static final String DEFAULT_BOOTSTRAP = "127.0.0.1:" + DevEnvironment.KAFKA_PORT;

  private static final int TIMEOUT_MS = 10_000;

  private final GamificationConfig config;

  /** @param config names the Kafka to send to and the events topic */
  SendCommand(GamificationConfig config) {
    this.config = config;
  }

  static JsonObject event(String eventName, String userId, String relatedEntityId, Instant now) {
    JsonObject event = new JsonObject()
      .put("eventId", UUID.randomUUID().toString())
      .put("eventName", eventName)
      .put("userId", userId);
    if (relatedEntityId != null) {
      event.put("relatedEntityId", relatedEntityId);
    }
    return event.put("occurredAt", now.toString());
  }

  /** Sends {@code event}; blocking, bounded by the producer's timeouts. */
  RecordMetadata send(JsonObject event) throws SendException {
    Map<String, Object> properties = new HashMap<>(KafkaClients.producerProperties(config, "gamification-send", Map.of(
      ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(TIMEOUT_MS),
      ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_MS),
      ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_MS + 5_000))));
    KafkaProducer<String, String> producer;
    try {
      producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    } catch (KafkaException e) {
      throw failure(e);
    }
    try {
      ProducerRecord<String, String> record = new ProducerRecord<>(config.eventsTopic(), event.getString("userId"), event.encode());
      return producer.send(record).get(TIMEOUT_MS + 10_000L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    } catch (TimeoutException | KafkaException e) {
      throw failure(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(e);
    } finally {
      producer.close(Duration.ofSeconds(5));
    }
  }

  private SendException failure(Throwable cause) {
    String reason = String.valueOf(cause.getMessage()).replaceAll("\\.+$", "");
    return new SendException("could not send the event to Kafka at " + config.kafkaBootstrap() + " (topic " + config.eventsTopic() + "): "
      + reason + ". Is the service running (./gamification dev), or GAMIFICATION_KAFKA_BOOTSTRAP set?", cause);
  }

  /** Sending failed; the message says where and why. */
  static final class SendException extends Exception {
    SendException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
