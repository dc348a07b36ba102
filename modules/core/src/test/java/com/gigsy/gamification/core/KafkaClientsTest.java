package com.gigsy.gamification.core;

import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static GamificationConfig passingThrough(String... namesAndValues) {
    Map<String, String> environment = new HashMap<>(Map.of("GAMIFICATION_KAFKA_BOOTSTRAP", "127.0.0.1:9"));
    for (int i = 0; i < namesAndValues.length; i += 2) {
      environment.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return GamificationConfig.fromEnvironment(environment, true);
  }

  @Test
  void aClientKafkaRefusesSaysWhichAndWhy() {
    // Kafka's own message says only "Failed to construct kafka producer"; the reason is further down
    GamificationConfig config = passingThrough("GAMIFICATION_KAFKA_COMPRESSION_TYPE", "zip");
    assertThatThrownBy(() -> KafkaClients.producer(vertx, config, "gamification-dlq", byte[].class, byte[].class, Map.of()))
      .isInstanceOf(IllegalStateException.class)
      .hasMessageContaining("Kafka client gamification-dlq could not be created")
      .hasMessageContaining("compression.type")
      .hasMessageContaining("GAMIFICATION_KAFKA_*: compression.type");
  }

  @Test
  void aPassedThroughLingerRaisesAProducersOwnDeliveryTimeout() {
    // Kafka refuses a producer whose delivery timeout is below linger.ms + request.timeout.ms: the DLQ producer's own
    // 30 s stopped the service from starting under any passed-through linger
    GamificationConfig config = passingThrough("GAMIFICATION_KAFKA_LINGER_MS", "40000");
    assertThat(KafkaClients.producerProperties(config, "p", Map.of("delivery.timeout.ms", "30000")))
      .containsEntry("delivery.timeout.ms", "70000");
    KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(vertx, config, "gamification-dlq", byte[].class,
      byte[].class, Map.of("delivery.timeout.ms", "30000"));
    producer.close().await();

    assertThat(KafkaClients.producerProperties(passingThrough("GAMIFICATION_KAFKA_REQUEST_TIMEOUT_MS", "50000"), "p",
      Map.of("delivery.timeout.ms", "30000", "linger.ms", "20")))
      .containsEntry("delivery.timeout.ms", "50020");
    assertThat(KafkaClients.producerProperties(passingThrough(), "p", Map.of("delivery.timeout.ms", "30000")))
      .as("Kafka's defaults (linger 5 ms, request timeout 30 s)").containsEntry("delivery.timeout.ms", "30005");
    assertThat(KafkaClients.producerProperties(passingThrough(), "p", Map.of("delivery.timeout.ms", "90000")))
      .as("long enough already").containsEntry("delivery.timeout.ms", "90000");
    assertThat(KafkaClients.producerProperties(passingThrough(), "p", Map.of()))
      .as("none of the producer's own").doesNotContainKey("delivery.timeout.ms");
  }

  @Test
  void aPassedThroughDeliveryTimeoutIsLeftAsGiven() {
    GamificationConfig config = passingThrough("GAMIFICATION_KAFKA_LINGER_MS", "40000",
      "GAMIFICATION_KAFKA_DELIVERY_TIMEOUT_MS", "35000");
    assertThat(KafkaClients.producerProperties(config, "p", Map.of("delivery.timeout.ms", "30000")))
      .containsEntry("delivery.timeout.ms", "35000");
  }
}
