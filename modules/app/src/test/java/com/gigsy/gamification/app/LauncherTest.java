package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.TestStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LauncherTest {

  @TempDir
  Path workingDirectory;

  @Test
  @DisplayName("Production mode without GAMIFICATION_PG_URL stops with status 2 and a message naming every missing variable")
  void productionModeNamesMissingSettings() {
    Result result = run(Map.of(), "run");

    assertThat(result.status()).isEqualTo(Cli.USAGE);
    assertThat(result.err())
      .contains("GAMIFICATION_PG_URL is required in production mode")
      .contains("GAMIFICATION_KAFKA_BOOTSTRAP is required in production mode")
      .contains("GAMIFICATION_JWT_SECRET or GAMIFICATION_JWKS_URL is required in production mode");
    assertThat(workingDirectory.resolve(DevEnvironment.STATE_DIR)).doesNotExist();
  }

  @Test
  @DisplayName("As a real process, production mode without a database exits with status 2, the message on stderr and no stack trace")
  void productionModeInAChildProcess() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run")
      .directory(workingDirectory.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("GAMIFICATION_"));
    builder.environment().put(Setting.KAFKA_BOOTSTRAP.variable(), "127.0.0.1:9");
    builder.environment().put(Setting.JWT_SECRET.variable(), TestStack.JWT_SECRET);
    Process process = builder.start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr.strip()).isEqualTo("gamification: GAMIFICATION_PG_URL is required in production mode "
      + "(./gamification run); ./gamification dev starts everything embedded instead");
  }

  @Test
  @DisplayName("A malformed setting stops start-up with status 2 and a message naming the variable, before anything starts")
  void badValueStopsStartup() {
    Result result = run(Map.of(Setting.HTTP_PORT.variable(), "eighty"), "dev");

    assertThat(result.status()).isEqualTo(Cli.USAGE);
    assertThat(result.err()).contains("GAMIFICATION_HTTP_PORT must be an integer from 0 to 65535, got 'eighty'");
    assertThat(workingDirectory.resolve(DevEnvironment.STATE_DIR)).doesNotExist();
  }

  @Test
  @DisplayName("A malformed PostgreSQL URL stops start-up with status 2 and a message that shows the URL without its password")
  void malformedDatabaseUrlIsRedacted() {
    Result result = run(Map.of(
      Setting.PG_URL.variable(), "postgresql://gamification:s3cr3t-pw@db.internal:port/gamification",
      Setting.KAFKA_BOOTSTRAP.variable(), TestStack.get().kafkaBootstrap(),
      Setting.JWT_SECRET.variable(), TestStack.JWT_SECRET), "run");

    assertThat(result.status()).isEqualTo(Cli.USAGE);
    assertThat(result.err() + result.out()).doesNotContain("s3cr3t-pw")
      .contains("GAMIFICATION_PG_URL must be a PostgreSQL URI", "postgresql://gamification:***@db.internal:port/gamification");
  }

  @Test
  @DisplayName("A Kafka pass-through that would change a setting the service relies on stops start-up, naming it and why")
  void protectedKafkaPropertyIsRefused() {
    Result result = run(Map.of(
      Setting.PG_URL.variable(), "postgresql://u:p@127.0.0.1:9/db",
      Setting.KAFKA_BOOTSTRAP.variable(), TestStack.get().kafkaBootstrap(),
      Setting.JWT_SECRET.variable(), TestStack.JWT_SECRET,
      "GAMIFICATION_KAFKA_ENABLE_AUTO_COMMIT", "true"), "run");

    assertThat(result.status()).isEqualTo(Cli.USAGE);
    assertThat(result.err()).contains("GAMIFICATION_KAFKA_ENABLE_AUTO_COMMIT would set the Kafka property "
      + "enable.auto.commit, which the service sets itself");
  }

  @Test
  @DisplayName("--help lists the commands and every setting with its default and meaning")
  void helpListsEverything() {
    Result result = run(Map.of(), "--help");

    assertThat(result.status()).isEqualTo(Cli.OK);
    assertThat(result.out()).contains("dev", "run", "send EVENT_NAME USER_ID [RELATED_ENTITY_ID]", "--help");
    for (Setting setting : Setting.values()) {
      assertThat(result.out()).contains(setting.variable()).contains(setting.description());
      if (setting.defaultValue() != null) {
        assertThat(result.out()).contains(setting.variable() + " (default: " + setting.defaultValue() + ")");
      }
    }
    assertThat(result.out()).contains("GAMIFICATION_KAFKA_<PROPERTY>");
  }

  @Test
  @DisplayName("An unknown command or wrong arguments end with status 2 and a pointer to --help")
  void usageErrors() {
    assertThat(run(Map.of(), "serve").err()).contains("unknown command 'serve'").contains("--help");
    assertThat(run(Map.of(), "send", "course.completed").status()).isEqualTo(Cli.USAGE);
    assertThat(run(Map.of()).status()).isEqualTo(Cli.USAGE);
  }

  @Test
  @DisplayName("send publishes one JSON event keyed by the user id, and prints it")
  void sendPublishesOneEvent() {
    String topic = "send-" + UUID.randomUUID();
    Result result = run(Map.of(
        Setting.KAFKA_BOOTSTRAP.variable(), TestStack.get().kafkaBootstrap(),
        Setting.EVENTS_TOPIC.variable(), topic),
      "send", "course.completed", "demo-user", "course-42");

    assertThat(result.status()).as(result.err()).isEqualTo(Cli.OK);
    JsonObject printed = new JsonObject(result.out().lines().findFirst().orElseThrow());
    assertThat(printed.getString("eventName")).isEqualTo("course.completed");
    assertThat(printed.getString("userId")).isEqualTo("demo-user");
    assertThat(printed.getString("relatedEntityId")).isEqualTo("course-42");
    assertThat(printed.getString("eventId")).hasSize(36);
    assertThat(printed.getString("occurredAt")).isNotBlank();

    List<ConsumerRecord<String, String>> records = consume(topic);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo("demo-user");
    assertThat(new JsonObject(records.get(0).value())).isEqualTo(printed);
  }

  private Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new Cli(new HashMap<>(env), workingDirectory, new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static List<ConsumerRecord<String, String>> consume(String topic) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrap());
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
           new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(received::add);
      }
      // a second event would be a bug: give it one more poll to show up
      consumer.poll(Duration.ofMillis(500)).forEach(received::add);
    }
    return received;
  }

  private record Result(int status, String out, String err) {
  }
}
