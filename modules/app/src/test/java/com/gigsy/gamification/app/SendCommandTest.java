package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TopicCollector;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ./gamification send … --attr KEY=VALUE} (CONTRACT §7): how values are typed, what is a usage error. */
class SendCommandTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir
  Path workingDirectory;

  @Test
  @DisplayName("a JSON number is sent as a number, true and false as booleans, anything else as a string")
  void valuesAreTyped() {
    JsonObject event = SendCommand.event(List.of("course.completed", "demo-user", "course-42",
      "--attr", "score=92", "--attr", "ratio=-0.5", "--attr", "big=12345678901234567890", "--attr", "exp=1e3",
      "--attr", "passed=true", "--attr", "retake=false", "--attr", "grade=A+", "--attr", "code=007",
      "--attr", "plus=+5", "--attr", "dot=5.", "--attr", "upper=TRUE", "--attr", "note=", "--attr", "eq=a=b",
      "--attr", "spaced= 1"), NOW);

    JsonObject attributes = event.getJsonObject("attributes");
    assertThat(attributes.getValue("score")).isEqualTo(92);
    assertThat(attributes.getValue("ratio")).isEqualTo(-0.5);
    assertThat(attributes.getValue("big")).isEqualTo(new BigInteger("12345678901234567890"));
    assertThat(attributes.getValue("exp")).isEqualTo(1000.0);
    assertThat(attributes.getValue("passed")).isEqualTo(true);
    assertThat(attributes.getValue("retake")).isEqualTo(false);
    for (String text : List.of("grade=A+", "code=007", "plus=+5", "dot=5.", "upper=TRUE", "note=", "eq=a=b", "spaced= 1")) {
      String key = text.substring(0, text.indexOf('='));
      assertThat(attributes.getValue(key)).as(text).isEqualTo(text.substring(text.indexOf('=') + 1));
    }
    assertThat(event.getString("relatedEntityId")).isEqualTo("course-42");
    assertThat(event.getString("occurredAt")).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(new JsonObject(event.encode())).as("what is printed is what is sent").isEqualTo(event);
  }

  @Test
  @DisplayName("--attr may come anywhere after send; without any, the event has no attributes")
  void attributesAnywhere() {
    JsonObject event = SendCommand.event(List.of("--attr", "amount=120", "gig.paid", "--attr", "currency=EUR", "u-1"),
      NOW);
    assertThat(event.getString("eventName")).isEqualTo("gig.paid");
    assertThat(event.getString("userId")).isEqualTo("u-1");
    assertThat(event.containsKey("relatedEntityId")).isFalse();
    assertThat(event.getJsonObject("attributes")).isEqualTo(new JsonObject().put("amount", 120).put("currency", "EUR"));

    assertThat(SendCommand.event(List.of("gig.paid", "u-1"), NOW).containsKey("attributes")).isFalse();
  }

  static Stream<Arguments> usageErrors() {
    List<String> many = new ArrayList<>(List.of("gig.paid", "u-1"));
    for (int i = 0; i < 33; i++) {
      many.add("--attr");
      many.add("a" + i + "=" + i);
    }
    return Stream.of(
      Arguments.of(List.of("gig.paid", "u-1", "--attr", "amount"), "'amount' is not KEY=VALUE"),
      Arguments.of(List.of("gig.paid", "u-1", "--attr", "gig-amount=5"), "the key 'gig-amount' does not match"),
      Arguments.of(List.of("gig.paid", "u-1", "--attr", "1st=5"), "the key '1st'"),
      Arguments.of(List.of("gig.paid", "u-1", "--attr", "=5"), "the key ''"),
      Arguments.of(List.of("gig.paid", "u-1", "--attr"), "--attr needs KEY=VALUE"),
      Arguments.of(List.of("gig.paid", "u-1", "--attr", "a=1", "--attr", "a=2"), "--attr a is given twice"),
      Arguments.of(List.of("gig.paid", "u-1", "--attr", "huge=1e400"), "huge=1e400 is too large a number"),
      Arguments.of(List.of("gig.paid", "u-1", "--attr", "note=" + "n".repeat(257)), "attributes.note must be at most 256"),
      Arguments.of(List.of("gig.paid", "u-1", "--attr", "note=a\tb"), "attributes.note contains a control character"),
      Arguments.of(many, "more than 32"),
      Arguments.of(List.of("gig.paid", "u-1", "--attribute", "a=1"), "no option '--attribute'"),
      Arguments.of(List.of("gig.paid", "--attr", "a=1"), "send needs EVENT_NAME USER_ID"),
      Arguments.of(List.of("gig.paid", "u-1", "e-1", "extra"), "send needs EVENT_NAME USER_ID"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("usageErrors")
  @DisplayName("a bad --attr or a wrong number of words is a usage error (status 2) naming it, and nothing is sent")
  void usageError(List<String> words, String message) {
    assertThatThrownBy(() -> SendCommand.event(words, NOW)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining(message);

    List<String> args = new ArrayList<>(List.of("send"));
    args.addAll(words);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // no Kafka at this address: a usage error must come before any attempt to send
    int status = new Cli(Map.of(Setting.KAFKA_BOOTSTRAP.variable(), "127.0.0.1:9"), workingDirectory,
      new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
      .execute(args.toArray(String[]::new));

    assertThat(status).isEqualTo(Cli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("gamification: ").contains(message).contains("--help");
    assertThat(out.size()).isZero();
  }

  @Test
  @DisplayName("send --attr publishes the event with its typed attributes and prints the event it sent")
  void sendsAttributes() throws Exception {
    String topic = "send-attr-" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new Cli(Map.of(Setting.KAFKA_BOOTSTRAP.variable(), TestStack.get().kafkaBootstrap(),
      Setting.EVENTS_TOPIC.variable(), topic), workingDirectory, new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8))
      .execute("send", "course.completed", "demo-user", "course-42", "--attr", "score=95", "--attr", "track=java",
        "--attr", "certified=true");

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
    JsonObject printed = new JsonObject(out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
    assertThat(printed.getJsonObject("attributes"))
      .isEqualTo(new JsonObject().put("score", 95).put("track", "java").put("certified", true));
    try (TopicCollector records = new TopicCollector(TestStack.get().kafkaBootstrap(), topic)) {
      Await.until("the event is on the topic", () -> !records.forKey("demo-user").isEmpty());
      ConsumerRecord<byte[], byte[]> record = records.forKey("demo-user").get(0);
      assertThat(new JsonObject(TopicCollector.value(record))).isEqualTo(printed);
      assertThat(TopicCollector.value(record)).contains("\"score\":95", "\"certified\":true", "\"track\":\"java\"");
    }
  }
}
