package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.EventSender;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TopicCollector;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path on a real broker and a real PostgreSQL: a Kafka event becomes a durable reward, shows
 * in the GraphQL profile and on the rewards topic; duplicates and bad records change nothing else.
 *
 * <p>Records of one user share a partition, which ingest processes in order; so once a final "marker"
 * event of a user is applied, every record sent before it for that user has been processed too.
 */
class SpineTest {

  private static final String PROFILE = """
    query($u: ID!) { gamificationProfile(userId: $u) {
      userId totalPoints
      badges { badge { name } awardedAt }
      titles { title { name } isEquipped awardedAt } } }""";

  @RegisterExtension
  static final TestService SERVICE = TestService.of(Service::start);

  private static Pool db;
  private static EventSender sender;
  private static TopicCollector dlq;
  private static TopicCollector rewards;
  private static GraphQLClient graphql;

  @BeforeAll
  static void rules() {
    db = SERVICE.db();
    Await.result(db.query("""
      WITH b AS (INSERT INTO badges (name, description, icon_url)
                 VALUES ('First Gig', 'Completed a gig', 'https://cdn.gigsy.test/first-gig.png') RETURNING id),
           t AS (INSERT INTO titles (name, description) VALUES ('Top Learner', 'Learns a lot') RETURNING id)
      INSERT INTO gamification_rules (event_name, description, points_awarded, badge_id, title_id)
      SELECT 'course.completed', 'points for a course', 50, NULL::bigint, NULL::bigint
      UNION ALL SELECT 'course.completed', 'title for a course', NULL::int, NULL::bigint, t.id FROM t
      UNION ALL SELECT 'gig.completed', 'a gig', 100, b.id, NULL FROM b
      UNION ALL SELECT 'gig.reviewed', 'badge for a review', NULL, b.id, NULL FROM b
      UNION ALL SELECT 'application.sent', 'an application', 5, NULL::bigint, NULL::bigint""").execute());
    sender = SERVICE.events();
    dlq = SERVICE.collect(SERVICE.config().dlqTopic());
    rewards = SERVICE.collect(SERVICE.config().rewardsTopic());
    graphql = SERVICE.admin();
  }

  private static String newUser() {
    return "user-" + UUID.randomUUID();
  }

  /** Sends an event worth 5 points and waits until it is applied: everything sent before it for the user is done. */
  private static void awaitProcessed(String userId) {
    String eventId = sender.send("application.sent", userId, "marker-" + UUID.randomUUID()).getString("eventId");
    Await.until("marker event " + eventId + " is applied", () -> count(
      "SELECT count(*) FROM points_log WHERE event_id = $1", eventId) == 1);
  }

  private static long count(String sql, Object... params) {
    Row row = Await.result(db.preparedQuery(sql).execute(Tuple.from(params))).iterator().next();
    return row.getLong(0);
  }

  private static JsonObject profile(String userId) {
    return graphql.data(PROFILE, new JsonObject().put("u", userId)).getJsonObject("gamificationProfile");
  }

  @Test
  @DisplayName("a course completion shows in the profile as 50 points and the title its second rule grants")
  void validEventYieldsProfile() {
    String user = newUser();
    sender.send("course.completed", user, "course-1");
    Await.until("the profile shows 50 points", () -> profile(user).getLong("totalPoints") == 50);

    JsonObject profile = profile(user);
    assertThat(profile.getString("userId")).isEqualTo(user);
    assertThat(profile.getJsonArray("badges")).isEmpty();
    JsonArray titles = profile.getJsonArray("titles");
    assertThat(titles).hasSize(1);
    assertThat(titles.getJsonObject(0).getJsonObject("title").getString("name")).isEqualTo("Top Learner");
    assertThat(titles.getJsonObject(0).getBoolean("isEquipped")).isFalse();
  }

  @Test
  @DisplayName("the same event delivered five times is rewarded once")
  void sameEventFiveTimes() {
    String user = newUser();
    JsonObject event = EventSender.event("gig.completed", user, "gig-1");
    for (int i = 0; i < 5; i++) {
      sender.send(event);
    }
    awaitProcessed(user);

    assertThat(count("SELECT count(*) FROM processed_events WHERE event_id = $1", event.getString("eventId"))).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM points_log WHERE user_id = $1 AND event_id = $2", user,
      event.getString("eventId"))).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM user_badges WHERE user_id = $1", user)).isEqualTo(1);
    assertThat(profile(user).getLong("totalPoints")).isEqualTo(100 + 5);
  }

  @Test
  @DisplayName("the same entity under two event ids earns the rule's points once")
  void sameEntityTwoEventIds() {
    String user = newUser();
    sender.send("course.completed", user, "course-7");
    sender.send("course.completed", user, "course-7");
    sender.send("course.completed", user, "course-8");
    awaitProcessed(user);

    assertThat(count("SELECT count(*) FROM processed_events WHERE user_id = $1", user)).isEqualTo(4);
    assertThat(profile(user).getLong("totalPoints")).isEqualTo(50 + 50 + 5);
  }

  @Test
  @DisplayName("events without an entity are each rewarded: their event id is the dedupe key")
  void noEntityMeansEventIdDedupe() {
    String user = newUser();
    sender.send("application.sent", user, null);
    sender.send("application.sent", user, null);
    awaitProcessed(user);

    assertThat(profile(user).getLong("totalPoints")).isEqualTo(15);
  }

  @Test
  @DisplayName("a badge granted by two rules is held once, while both rules' other rewards apply")
  void badgeFromTwoRules() {
    String user = newUser();
    sender.send("gig.completed", user, "gig-2");
    sender.send("gig.reviewed", user, "gig-2");
    awaitProcessed(user);

    JsonObject profile = profile(user);
    assertThat(profile.getJsonArray("badges")).hasSize(1);
    assertThat(profile.getJsonArray("badges").getJsonObject(0).getJsonObject("badge").getString("name"))
      .isEqualTo("First Gig");
    assertThat(profile.getLong("totalPoints")).isEqualTo(105);
  }

  @Test
  @DisplayName("bad records go to the DLQ unchanged (one over 64 KiB without its value) with a reason, and the next valid record is processed")
  void badRecordsAreDeadLettered() {
    String user = newUser();
    List<byte[]> bad = new ArrayList<>();
    bad.add("this is not json".getBytes(StandardCharsets.UTF_8));
    bad.add(("{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventName\":\"course.completed\"}").getBytes(StandardCharsets.UTF_8));
    bad.add(("{\"eventId\":42,\"eventName\":\"course.completed\",\"userId\":\"" + user + "\"}").getBytes(StandardCharsets.UTF_8));
    bad.add(("{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventName\":\"course.completed\",\"userId\":\"a\\u0000b\"}")
      .getBytes(StandardCharsets.UTF_8));
    bad.add(("{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventName\":\"course.completed\",\"userId\":\"" + user
      + "\",\"pad\":\"" + "x".repeat(100 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
    for (byte[] value : bad) {
      sender.send(user, value);
    }
    sender.send("course.completed", user, "course-after-bad-records");
    awaitProcessed(user);

    Await.until("all five bad records are on the DLQ", () -> dlq.forKey(user).size() == 5);
    List<ConsumerRecord<byte[], byte[]>> dead = dlq.forKey(user);
    for (int i = 0; i < bad.size() - 1; i++) {
      assertThat(dead.get(i).value()).isEqualTo(bad.get(i));
    }
    assertThat(dead.get(4).value()).as("over the limit: without its value, its size in a header").isNull();
    assertThat(TopicCollector.header(dead.get(4), "original-size")).isEqualTo(Integer.toString(bad.get(4).length));
    assertThat(dead).extracting(r -> TopicCollector.header(r, "error")).containsExactly(
      "record value is not a JSON object",
      "userId is required",
      "eventId must be a string",
      "userId contains a control character (U+0000)",
      "record is " + bad.get(4).length + " bytes, more than the limit of 65536");
    assertThat(profile(user).getLong("totalPoints")).isEqualTo(55);
  }

  @Test
  @DisplayName("an event id that was dead-lettered is processed when sent again, corrected")
  void correctedResendIsProcessed() {
    String user = newUser();
    String eventId = UUID.randomUUID().toString();
    sender.send(user, new JsonObject().put("eventId", eventId).put("eventName", "Gig Completed").put("userId", user).encode());
    awaitProcessed(user);
    Await.until("the bad event is on the DLQ", () -> dlq.forKey(user).size() == 1);

    sender.send(new JsonObject().put("eventId", eventId).put("eventName", "gig.completed").put("userId", user)
      .put("relatedEntityId", "gig-3"));
    awaitProcessed(user);
    assertThat(profile(user).getLong("totalPoints")).isEqualTo(5 + 100 + 5);
  }

  @Test
  @DisplayName("every reward is published on the rewards topic with the contract's fields")
  void rewardsArePublished() {
    String user = newUser();
    JsonObject event = sender.send("gig.completed", user, "gig-4");
    Await.until("two rewards of the event are on the rewards topic", () -> rewards.forKey(user).size() == 2);

    List<JsonObject> published = rewards.forKey(user).stream().map(r -> new JsonObject(TopicCollector.value(r))).toList();
    assertThat(published).extracting(r -> r.getString("type")).containsExactlyInAnyOrder("POINTS", "BADGE");
    for (JsonObject reward : published) {
      assertThat(reward.fieldNames()).contains("rewardId", "type", "userId", "ruleId", "eventId", "relatedEntityId",
        "points", "badgeId", "titleId", "awardedAt");
      assertThat(reward.getString("userId")).isEqualTo(user);
      assertThat(reward.getString("eventId")).isEqualTo(event.getString("eventId"));
      assertThat(reward.getString("relatedEntityId")).isEqualTo("gig-4");
      assertThat(UUID.fromString(reward.getString("rewardId"))).isNotNull();
      assertThat(reward.getString("ruleId")).matches("[0-9]+");
      assertThat(reward.getString("awardedAt")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
    }
    JsonObject points = published.stream().filter(r -> r.getString("type").equals("POINTS")).findFirst().orElseThrow();
    assertThat(points.getInteger("points")).isEqualTo(100);
    assertThat(points.getString("badgeId")).isNull();
    JsonObject badge = published.stream().filter(r -> r.getString("type").equals("BADGE")).findFirst().orElseThrow();
    assertThat(badge.getString("badgeId")).isNotNull();
    assertThat(badge.getValue("points")).isNull();
    assertThat(count("SELECT count(*) FROM reward_outbox WHERE $1 = ANY (user_ids) AND published_at IS NULL", user)).isZero();
  }

  @Test
  @DisplayName("an event PostgreSQL refuses for good goes to the DLQ with the reason; the rest of its batch is applied")
  void refusedEventIsDeadLettered() {
    String user = newUser();
    String refused = "refused-" + UUID.randomUUID();
    Await.result(db.query("""
      CREATE OR REPLACE FUNCTION refuse_marked_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.event_id LIKE 'refused-%' THEN
          RAISE EXCEPTION 'refused by test' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$;
      DROP TRIGGER IF EXISTS refuse_marked ON processed_events;
      CREATE TRIGGER refuse_marked BEFORE INSERT ON processed_events
        FOR EACH ROW EXECUTE FUNCTION refuse_marked_events();""").execute());
    try {
      sender.send("course.completed", user, "course-before");
      sender.send(new JsonObject().put("eventId", refused).put("eventName", "course.completed").put("userId", user)
        .put("relatedEntityId", "course-refused"));
      sender.send("course.completed", user, "course-after");
      awaitProcessed(user);

      Await.until("the refused event is on the DLQ", () -> dlq.forKey(user).size() == 1);
      String reason = TopicCollector.header(dlq.forKey(user).get(0), "error");
      assertThat(reason).contains("SQLSTATE 23514").contains("refused by test");
      assertThat(count("SELECT count(*) FROM processed_events WHERE event_id = $1", refused)).isZero();
      assertThat(profile(user).getLong("totalPoints")).isEqualTo(50 + 50 + 5);
    } finally {
      Await.result(db.query("DROP TRIGGER refuse_marked ON processed_events").execute());
    }
  }
}
