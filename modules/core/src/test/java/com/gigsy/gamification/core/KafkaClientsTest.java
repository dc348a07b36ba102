package com.gigsy.gamification.core;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aClientKafkaRefusesSaysWhichAndWhy() {
    // a linger passed through to every client leaves the DLQ producer's delivery timeout too short: Kafka refuses to
    // construct it, and its own message says only "Failed to construct kafka producer"
    GamificationConfig config = GamificationConfig.fromEnvironment(Map.of(
      "GAMIFICATION_KAFKA_BOOTSTRAP", "127.0.0.1:9", "GAMIFICATION_KAFKA_LINGER_MS", "40000"), true);
    assertThatThrownBy(() -> KafkaClients.producer(vertx, config, "gamification-dlq", byte[].class, byte[].class,
      Map.of("delivery.timeout.ms", "30000")))
      .isInstanceOf(IllegalStateException.class)
      .hasMessageContaining("Kafka client gamification-dlq could not be created")
      .hasMessageContaining("delivery.timeout.ms")
      .hasMessageContaining("GAMIFICATION_KAFKA_*: linger.ms");
  }
}
