package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GAMIFICATION_KAFKA_<PROPERTY>} (CONTRACT §11): a property passed through reaches every Kafka client the
 * service opens — ingest's consumer, the DLQ and relay producers, the api's rewards reader and readiness admin, the
 * topic admin, and {@code send} — while the settings the service's correctness rests on stay its own.
 */
class KafkaPassThroughTest {

  /** A harmless property with a value no client has by default, to recognise the pass-through by. */
  private static final String MARKER_PROPERTY = "metadata.max.age.ms";
  private static final String MARKER = "123457";

  @RegisterExtension
  static final TestService SERVICE = TestService.of(Service::start).configured(c -> c
    .withKafkaProperty("metric.reporters", RecordingReporter.class.getName())
    .withKafkaProperty(MARKER_PROPERTY, MARKER));

  @TempDir
  Path workingDirectory;

  @Test
  @DisplayName("A pass-through property reaches every Kafka client of the service, and the service's own settings stay")
  void reachesEveryClient() {
    List<String> clients = List.of("gamification-topics", "gamification-ingest-", "gamification-dlq",
      "gamification-rewards-relay", "gamification-api-rewards-", "gamification-api-readiness");
    Await.until("every client of the service was created", () -> clients.stream().allMatch(prefix ->
      RecordingReporter.CLIENTS.keySet().stream().anyMatch(id -> id.startsWith(prefix))));

    for (String prefix : clients) {
      RecordingReporter.CLIENTS.forEach((id, config) -> {
        if (id.startsWith(prefix)) {
          assertThat(config).as(id).containsEntry(MARKER_PROPERTY, MARKER)
            .containsEntry("bootstrap.servers", TestStack.get().kafkaBootstrap());
        }
      });
    }
    Map<String, Object> ingest = RecordingReporter.CLIENTS.entrySet().stream()
      .filter(e -> e.getKey().startsWith("gamification-ingest-")).findFirst().orElseThrow().getValue();
    assertThat(ingest).containsEntry("enable.auto.commit", "false").containsEntry("isolation.level", "read_committed")
      .containsEntry("group.id", SERVICE.config().consumerGroup());
    assertThat(RecordingReporter.CLIENTS.get("gamification-dlq")).containsEntry("acks", "all")
      .containsEntry("enable.idempotence", "true");
  }

  @Test
  @DisplayName("send passes the properties through too")
  void sendPassesThrough() {
    Map<String, String> env = Map.of(
      Setting.KAFKA_BOOTSTRAP.variable(), TestStack.get().kafkaBootstrap(),
      Setting.EVENTS_TOPIC.variable(), "send-" + UUID.randomUUID(),
      "GAMIFICATION_KAFKA_METRIC_REPORTERS", RecordingReporter.class.getName(),
      "GAMIFICATION_KAFKA_METADATA_MAX_AGE_MS", "223457");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new Cli(env, workingDirectory, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8)).execute("send", "course.completed", "demo-user");

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
    assertThat(RecordingReporter.CLIENTS.get("gamification-send")).containsEntry(MARKER_PROPERTY, "223457")
      .containsEntry("acks", "all");
  }
}
