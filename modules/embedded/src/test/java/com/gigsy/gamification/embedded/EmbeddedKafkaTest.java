package com.gigsy.gamification.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broker of its own, under the tests' state directory ({@code gamification.test.dir}, set by surefire). */
class EmbeddedKafkaTest {

  private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    Path dir = Path.of(System.getProperty("gamification.test.dir", "target/test-stack"));
    kafka = EmbeddedKafka.open(dir.resolve("kafka-" + UUID.randomUUID()), 0);
    kafka.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    kafka.close();
  }

  @Test
  @DisplayName("The broker JVM runs with the quick-start options unless gamification.kafka.jvm names others")
  void jvmOptions() {
    assertThat(EmbeddedKafka.jvmOptions(null)).isEqualTo(EmbeddedKafka.QUICK_START_OPTIONS)
      .contains("-XX:+UseSerialGC");
    assertThat(EmbeddedKafka.jvmOptions("  ")).isEqualTo(EmbeddedKafka.QUICK_START_OPTIONS);
    assertThat(EmbeddedKafka.jvmOptions(" -Xmx1G  -XX:+UseG1GC -XX:MaxGCPauseMillis=20 "))
      .containsExactly("-Xmx1G", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20");
  }

  @Test
  @DisplayName("Acknowledged records survive a clean restart on the same directory, whose storage is formatted only once")
  void survivesRestart() throws Exception {
    String topic = "restart-" + UUID.randomUUID();
    String clusterId = Files.readString(kafka.directory().resolve("cluster.id")).trim();
    produce(topic, "user-1", "before the restart");

    kafka.stop();
    assertThat(kafka.isRunning()).isFalse();
    assertThat(kafka.directory().resolve("broker.pid")).doesNotExist();
    kafka.start();

    assertThat(consume(topic, 1)).containsExactly("user-1=before the restart");
    assertThat(Files.readString(kafka.directory().resolve("cluster.id")).trim()).isEqualTo(clusterId);
    assertThat(Files.readString(kafka.directory().resolve("data").resolve("meta.properties")))
      .contains("cluster.id=" + clusterId);
  }

  @Test
  @DisplayName("Acknowledged records survive the broker being killed, and it comes back on the same directory")
  void survivesKill() throws Exception {
    String topic = "kill-" + UUID.randomUUID();
    produce(topic, "user-2", "before the crash");

    kafka.kill();
    kafka.start();
    produce(topic, "user-2", "after the crash");

    assertThat(consume(topic, 2)).containsExactly("user-2=before the crash", "user-2=after the crash");
  }

  @Test
  @DisplayName("A second owner of a broker directory is refused, naming the directory")
  void oneOwnerPerDirectory() {
    Path dir = kafka.directory();

    assertThatThrownBy(() -> EmbeddedKafka.open(dir, 0))
      .isInstanceOf(IllegalStateException.class)
      .hasMessageContaining(dir.toString())
      .hasMessageContaining("in use");
  }

  private static void produce(String topic, String key, String value) throws Exception {
    Map<String, Object> config = Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (KafkaProducer<String, String> producer =
           new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  /** Reads the topic's single partition from the start until {@code expected} records arrived or time ran out. */
  private static List<String> consume(String topic, int expected) {
    Map<String, Object> config = Map.of(
      ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
      ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
           new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
      while (received.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          received.add(record.key() + "=" + record.value());
        }
      }
    }
    return received;
  }
}
