package com.gigsy.gamification.app;

import com.gigsy.gamification.core.EventAttributes;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.KafkaClients;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The {@code send} command: one event (CONTRACT §2, with §7's attributes) to the events topic, keyed by user id,
 * acknowledged by all replicas.
 */
final class SendCommand {

  /** How {@code send} is called, for usage errors and {@code --help}. */
  static final String USAGE = "send EVENT_NAME USER_ID [RELATED_ENTITY_ID] [--attr KEY=VALUE]...";
  static final String ATTR = "--attr";
  /** A JSON number (RFC 8259): such a value is sent as a number, as are true and false as booleans. */
  private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  /** Where {@code send} looks for Kafka when {@code GAMIFICATION_KAFKA_BOOTSTRAP} is unset: dev mode's broker. */
  static final String DEFAULT_BOOTSTRAP = "127.0.0.1:" + DevEnvironment.KAFKA_PORT;

  private static final int TIMEOUT_MS = 10_000;

  private final GamificationConfig config;

  /** @param config names the Kafka to send to and the events topic */
  SendCommand(GamificationConfig config) {
    this.config = config;
  }

  /**
   * The event the words after {@code send} describe: {@code EVENT_NAME USER_ID [RELATED_ENTITY_ID]} and any number of
   * {@code --attr KEY=VALUE}, in any order, with a random {@code eventId} and {@code occurredAt} now.
   *
   * @throws IllegalArgumentException a usage error, saying what is wrong (naming the attribute)
   */
  static JsonObject event(List<String> words, Instant now) {
    List<String> positional = new ArrayList<>();
    JsonObject attributes = new JsonObject();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (word.equals(ATTR)) {
        if (i + 1 == words.size()) {
          throw new IllegalArgumentException(ATTR + " needs KEY=VALUE");
        }
        attribute(attributes, words.get(++i));
      } else if (word.startsWith("--")) {
        throw new IllegalArgumentException("send has no option '" + word + "'");
      } else {
        positional.add(word);
      }
    }
    if (positional.size() < 2 || positional.size() > 3) {
      throw new IllegalArgumentException("send needs " + USAGE.substring("send ".length()));
    }
    JsonObject event = new JsonObject()
      .put("eventId", UUID.randomUUID().toString())
      .put("eventName", positional.get(0))
      .put("userId", positional.get(1));
    if (positional.size() == 3) {
      event.put("relatedEntityId", positional.get(2));
    }
    event.put("occurredAt", now.toString());
    if (!attributes.isEmpty()) {
      try {
        EventAttributes.normalize(attributes);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(ATTR + ": " + e.getMessage(), e);
      }
      event.put("attributes", attributes);
    }
    return event;
  }

  /** Adds {@code KEY=VALUE}: a JSON number or {@code true}/{@code false} as such, anything else as a string. */
  private static void attribute(JsonObject attributes, String pair) {
    int equals = pair.indexOf('=');
    if (equals < 0) {
      throw new IllegalArgumentException(ATTR + " '" + pair + "' is not KEY=VALUE");
    }
    String key = pair.substring(0, equals);
    String value = pair.substring(equals + 1);
    if (!EventAttributes.KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(ATTR + " '" + pair + "': the key '" + key + "' does not match "
        + EventAttributes.KEY.pattern());
    }
    if (attributes.containsKey(key)) {
      throw new IllegalArgumentException(ATTR + " " + key + " is given twice");
    }
    if (value.equals("true") || value.equals("false")) {
      attributes.put(key, Boolean.parseBoolean(value));
    } else if (JSON_NUMBER.matcher(value).matches()) {
      Object number = Json.decodeValue(value);
      if (number instanceof Double d && d.isInfinite()) {
        throw new IllegalArgumentException(ATTR + " " + key + "=" + value + " is too large a number");
      }
      attributes.put(key, number);
    } else {
      attributes.put(key, value);
    }
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
