package com.gigsy.gamification.core;

import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;

import org.apache.kafka.common.KafkaException;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one way a module opens a Kafka client, so that every client of the service connects alike: the
 * configured bootstrap servers and a client id, then the client's own settings, then the properties passed
 * through {@code GAMIFICATION_KAFKA_<PROPERTY>} (security settings, timeouts, …; CONTRACT §11), which may change
 * the client's own settings but never the ones correctness rests on (refused when the configuration is read, see
 * {@code KafkaPassThrough}). Producers are idempotent and wait for every in-sync replica ({@code acks=all});
 * consumers commit explicitly and read committed records only.
 */
public final class KafkaClients {

  private static final String DELIVERY_TIMEOUT = "delivery.timeout.ms";
  /** Kafka's defaults (producer), for a client that does not set them. */
  private static final long KAFKA_DEFAULT_LINGER_MS = 5;
  private static final long KAFKA_DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

  private KafkaClients() {
  }

  /**
   * The properties of a client: the connection settings every client shares, then {@code own}.
   *
   * @param clientId shows in the broker's logs and metrics, to tell the clients apart
   */
  public static Map<String, String> properties(GamificationConfig config, String clientId, Map<String, String> own) {
    Map<String, String> properties = new HashMap<>();
    properties.put("bootstrap.servers", config.kafkaBootstrap());
    properties.put("client.id", clientId);
    properties.putAll(own);
    properties.putAll(config.kafkaProperties());
    return properties;
  }

  /**
   * The properties of a producer: {@link #properties} with {@code acks=all} and idempotence first. A delivery timeout
   * of the producer's own is raised to what the final {@code linger.ms} and {@code request.timeout.ms} need (Kafka
   * refuses a producer whose delivery timeout is shorter than their sum), so that a linger or request timeout passed
   * through does not stop a client from starting; one passed through is left as given.
   */
  public static Map<String, String> producerProperties(GamificationConfig config, String clientId, Map<String, String> own) {
    Map<String, String> producer = new HashMap<>();
    producer.put("acks", "all");
    producer.put("enable.idempotence", "true");
    producer.putAll(own);
    Map<String, String> properties = properties(config, clientId, producer);
    if (properties.containsKey(DELIVERY_TIMEOUT) && !config.kafkaProperties().containsKey(DELIVERY_TIMEOUT)) {
      long needed = milliseconds(properties, "linger.ms", KAFKA_DEFAULT_LINGER_MS)
        + milliseconds(properties, "request.timeout.ms", KAFKA_DEFAULT_REQUEST_TIMEOUT_MS);
      if (milliseconds(properties, DELIVERY_TIMEOUT, needed) < needed) {
        properties.put(DELIVERY_TIMEOUT, Long.toString(needed));
      }
    }
    return properties;
  }

  /** A duration property, or {@code otherwise} when absent or not a number (Kafka then refuses it with its reason). */
  private static long milliseconds(Map<String, String> properties, String name, long otherwise) {
    String value = properties.get(name);
    try {
      return value == null ? otherwise : Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException notANumber) {
      return otherwise;
    }
  }

  /** A consumer with no auto-commit, reading committed records only; offsets are committed after effects are durable. */
  public static <K, V> KafkaConsumer<K, V> consumer(Vertx vertx, GamificationConfig config, String clientId, Class<K> keys,
                                                    Class<V> values, Map<String, String> own) {
    Map<String, String> consumer = new HashMap<>();
    consumer.put("enable.auto.commit", "false");
    consumer.put("isolation.level", "read_committed");
    consumer.putAll(own);
    return created(config, clientId, () -> KafkaConsumer.create(vertx, properties(config, clientId, consumer), keys, values));
  }

  public static <K, V> KafkaProducer<K, V> producer(Vertx vertx, GamificationConfig config, String clientId, Class<K> keys,
                                                    Class<V> values, Map<String, String> own) {
    return created(config, clientId, () -> KafkaProducer.create(vertx, producerProperties(config, clientId, own), keys, values));
  }

  /** Blocking (it resolves the bootstrap servers): call it from a worker. */
  public static KafkaAdminClient admin(Vertx vertx, GamificationConfig config, String clientId, Map<String, String> own) {
    return created(config, clientId, () -> KafkaAdminClient.create(vertx, properties(config, clientId, own)));
  }

  /**
   * A client Kafka constructs, or an error that says which client and why: Kafka's own says only "Failed to construct
   * kafka producer", its cause (a setting out of range, often one passed through) further down the chain.
   */
  private static <T> T created(GamificationConfig config, String clientId, Supplier<T> client) {
    try {
      return client.get();
    } catch (KafkaException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new IllegalStateException("Kafka client " + clientId + " could not be created: " + cause.getMessage()
        + (config.kafkaProperties().isEmpty() ? ""
          : " (settings passed through GAMIFICATION_KAFKA_*: " + String.join(", ", config.kafkaProperties().keySet()) + ")"),
        e);
    }
  }
}
