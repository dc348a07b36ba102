package com.gigsy.gamification.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TopicCollector;
import io.vertx.sqlclient.Tuple;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records made to hurt (issue 13, items 2 and 7): compressed records that inflate past what the DLQ accepts, a
 * record the DLQ refuses as too large, ids that differ only by a lone surrogate, control and bidirectional
 * characters, and raw ids meant to forge log lines. Each must end up applied or on the DLQ with its reason, and the
 * partition must go on.
 */
class HostileRecordsTest {

  /** The DLQ of this class accepts records up to this size (its topic is created before the service starts). */
  private static final int DLQ_MAX_MESSAGE_BYTES = 16 * 1024;

  @RegisterExtension
  static final TestService SERVICE = TestService.of(Service::start).configured(HostileRecordsTest::withSmallDlq);

  private static final ListAppender<ILoggingEvent> DEAD_LETTER_LOG = new ListAppender<>();

  private static TopicCollector dlq;

  @BeforeAll
  static void watch() {
    dlq = SERVICE.collect(SERVICE.config().dlqTopic());
    DEAD_LETTER_LOG.start();
    ((Logger) LoggerFactory.getLogger("com.gigsy.gamification.ingest.DeadLetters")).addAppender(DEAD_LETTER_LOG);
  }

  @AfterAll
  static void unwatch() {
    ((Logger) LoggerFactory.getLogger("com.gigsy.gamification.ingest.DeadLetters")).detachAppender(DEAD_LETTER_LOG);
  }

  private static GamificationConfig withSmallDlq(GamificationConfig config) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.get().kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(config.dlqTopic(), Optional.of(3), Optional.empty())
        .configs(Map.of("max.message.bytes", Integer.toString(DLQ_MAX_MESSAGE_BYTES))))).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not create the DLQ topic", e);
    }
    return config;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lz4", "gzip"})
  @DisplayName("A compressed record inflating to 3 MiB goes to the DLQ without its value (size and SHA-256 in headers), and the next record on its partition is applied")
  void inflatingRecord(String compression) throws Exception {
    String user = "bomb-" + compression + "-" + UUID.randomUUID();
    byte[] bomb = ("{\"eventId\":\"" + "A".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    String nextId = UUID.randomUUID().toString();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
      "bootstrap.servers", TestStack.get().kafkaBootstrap(),
      "compression.type", compression,
      "max.request.size", Integer.toString(8 * 1024 * 1024),
      "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(record(user, bomb)).get(30, TimeUnit.SECONDS);
      producer.send(record(user, ("{\"eventId\":\"" + nextId + "\",\"eventName\":\"course.completed\",\"userId\":\""
        + user + "\"}").getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
    }

    Await.until("the next record on the partition is applied", Duration.ofSeconds(60), () -> processed(nextId));
    ConsumerRecord<byte[], byte[]> dead = deadLetterOf(user);
    assertThat(dead.value()).as("the DLQ record carries no value").isNull();
    assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(user);
    assertThat(TopicCollector.header(dead, "error")).contains("more than the limit of 65536");
    assertThat(TopicCollector.header(dead, "original-size")).isEqualTo(Integer.toString(bomb.length));
    assertThat(TopicCollector.header(dead, "original-sha256"))
      .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bomb)));
    assertThat(TopicCollector.header(dead, "source-offset")).isNotBlank();
  }

  @Test
  @DisplayName("A record within the limit that the DLQ refuses as too large goes there without its value, at once, and its partition goes on")
  void refusedAsTooLarge() {
    String user = "large-" + UUID.randomUUID();
    // 20 KiB: within the 64 KiB limit, so the service tries it whole; this class's DLQ takes at most 16 KiB
    String large = "{\"eventId\":\"x\",\"note\":\"" + "b".repeat(20 * 1024) + "\"}";
    SERVICE.events().send(user, large);
    String nextId = SERVICE.events().send("course.completed", user, null).getString("eventId");

    Await.until("the next record on the partition is applied", Duration.ofSeconds(60), () -> processed(nextId));
    ConsumerRecord<byte[], byte[]> dead = deadLetterOf(user);
    assertThat(dead.value()).isNull();
    assertThat(TopicCollector.header(dead, "error")).isEqualTo("eventName is required");
    assertThat(TopicCollector.header(dead, "original-size")).isEqualTo(Integer.toString(large.length()));
  }

  @Test
  @DisplayName("Two events whose ids differ only by a lone surrogate both go to the DLQ naming it: neither is silently taken for the other")
  void loneSurrogates() {
    String user = "surrogate-" + UUID.randomUUID();
    String id = "dup-" + UUID.randomUUID();
    // JSON escapes: the bytes are plain ASCII, the decoded ids end with half a character each
    SERVICE.events().send(user, event("\"" + id + "\\ud800\"", "\"" + user + "\"", ""));
    SERVICE.events().send(user, event("\"" + id + "\\ud801\"", "\"" + user + "\"", ""));

    Await.until("both records are on the DLQ", () -> dlq.forKey(user).size() == 2);
    assertThat(dlq.forKey(user)).extracting(r -> TopicCollector.header(r, "error")).containsExactly(
      "eventId contains a lone surrogate (U+D800)", "eventId contains a lone surrogate (U+D801)");
    assertThat(count("SELECT count(*) FROM processed_events WHERE event_id LIKE $1", id + "%")).isZero();
  }

  @Test
  @DisplayName("C1 controls and bidirectional overrides or isolates in ids, names of actors and attribute values go to the DLQ with their reason")
  void invisibleCharacters() {
    String user = "bidi-" + UUID.randomUUID();
    SERVICE.events().send(user, event("\"c1-" + UUID.randomUUID() + "\"", "\"" + user + "\\u0085\"", ""));
    SERVICE.events().send(user, event("\"rlo-" + UUID.randomUUID() + "\"", "\"" + user + "\"",
      ",\"relatedEntityId\":\"gig\\u202egpj.exe\""));
    SERVICE.events().send(user, event("\"lri-" + UUID.randomUUID() + "\"", "\"" + user + "\"",
      ",\"actorId\":\"admin\\u2066\""));
    SERVICE.events().send(user, event("\"attr-" + UUID.randomUUID() + "\"", "\"" + user + "\"",
      ",\"attributes\":{\"note\":\"a\\u2069b\"}"));
    String nextId = SERVICE.events().send("course.completed", user, null).getString("eventId");

    Await.until("the next record is applied", () -> processed(nextId));
    Await.until("four records are on the DLQ", () -> dlq.forKey(user).size() == 4);
    assertThat(dlq.forKey(user)).extracting(r -> TopicCollector.header(r, "error")).containsExactly(
      "userId contains a control character (U+0085)",
      "relatedEntityId contains a bidirectional control character (U+202E)",
      "actorId contains a bidirectional control character (U+2066)",
      "attributes.note contains a bidirectional control character (U+2069)");
  }

  @Test
  @DisplayName("The raw event id of an invalid record reaches the log escaped, never as a line break that forges a log line")
  void rawIdsAreEscapedInTheLog() {
    String user = "forger-" + UUID.randomUUID();
    String marker = UUID.randomUUID().toString();
    SERVICE.events().send(user, "{\"eventId\":\"" + marker + "\\nWARN forged line\\u2028\\u0085\",\"eventName\":\"a\"}");

    Await.until("the record is on the DLQ", () -> dlq.forKey(user).size() == 1);
    Await.until("the dead letter is logged", () -> deadLetterLines().stream().anyMatch(line -> line.contains(marker)));
    String line = deadLetterLines().stream().filter(l -> l.contains(marker)).findFirst().orElseThrow();
    assertThat(line).doesNotContain("\n", "\u2028", "\u0085")
      .contains(marker + "\\u000AWARN forged line\\u2028\\u0085");
  }

  private static List<String> deadLetterLines() {
    return List.copyOf(DEAD_LETTER_LOG.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static String event(String eventId, String userId, String more) {
    return "{\"eventId\":" + eventId + ",\"eventName\":\"course.completed\",\"userId\":" + userId + more + "}";
  }

  private static ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
    return new ProducerRecord<>(SERVICE.config().eventsTopic(), key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static ConsumerRecord<byte[], byte[]> deadLetterOf(String key) {
    Await.until("the record is on the DLQ", () -> !dlq.forKey(key).isEmpty());
    assertThat(dlq.forKey(key)).hasSize(1);
    return dlq.forKey(key).get(0);
  }

  private static boolean processed(String eventId) {
    return count("SELECT count(*) FROM processed_events WHERE event_id = $1", eventId) == 1;
  }

  private static long count(String sql, String parameter) {
    return Await.result(SERVICE.db().preparedQuery(sql).execute(Tuple.of(parameter))).iterator().next().getLong(0);
  }
}
