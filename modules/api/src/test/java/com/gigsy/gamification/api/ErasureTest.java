package com.gigsy.gamification.api;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.embedded.Ports;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.DailyTotals;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import com.gigsy.gamification.testing.TopicCollector;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static com.gigsy.gamification.api.AdminSteps.eventName;
import static com.gigsy.gamification.api.AdminSteps.types;
import static com.gigsy.gamification.api.AdminSteps.user;
import static com.gigsy.gamification.testing.EventSender.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code eraseUser} (CONTRACT §11) on the whole service: a user with every kind of row (points, cap counters, milestone
 * and streak progress, badges and a credential, titles, a revocation, a level, an adjustment, a backfill, audit entries)
 * is erased: nothing about them is left in any table, the API forgets them (the boards: LeaderboardRankingTest), their
 * credential's URL answers 404, an ERASED record is published, the audit log keeps the fact by a hash, their later
 * events are dropped, and the append-only tables stay append-only for everything else.
 */
class ErasureTest {

  private static final int PORT = Ports.free();

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE).configured(c -> c
    .with(Setting.HTTP_PORT, Integer.toString(PORT))
    .with(Setting.PUBLIC_URL, "http://127.0.0.1:" + PORT)
    .with(Setting.ISSUER_KEY, IssuerKeys.newKeyFile().toString()));

  private static final String ERASE = "mutation($u: ID!) { eraseUser(userId: $u) }";
  private static final String ADMIN_ID = "admin-" + UUID.randomUUID();

  private static GraphQLClient admin;
  private static AdminSteps steps;
  private static TopicCollector topic;

  @BeforeAll
  static void clients() {
    admin = SERVICE.graphql(TestTokens.admin(ADMIN_ID));
    steps = new AdminSteps(SERVICE, admin);
    topic = SERVICE.collect(SERVICE.config().rewardsTopic());
  }

  @Test
  @DisplayName("every row about the user goes, the API forgets them, ERASED is published, the audit log "
    + "keeps the fact by a hash; another user is untouched")
  void erasesEveryRow() {
    String user = user();
    String other = user();
    String lesson = eventName("lesson.completed");
    String badge = steps.badge();
    String title = steps.title();
    steps.rule(new JsonObject().put("eventName", lesson).put("description", "capped").put("pointsAwarded", 10)
      .put("cap", new JsonObject().put("count", 5).put("period", "DAY")));
    steps.rule(new JsonObject().put("eventName", lesson).put("description", "second").put("badgeId", badge)
      .put("threshold", 2));
    steps.rule(new JsonObject().put("eventName", lesson).put("description", "two days").put("titleId", title)
      .put("streak", new JsonObject().put("length", 2).put("period", "DAY")));
    Instant now = Instant.now();
    for (String someone : List.of(user, other)) {
      SERVICE.events().send(event(lesson, someone, "l1").put("occurredAt", now.minus(1, ChronoUnit.DAYS).toString()));
      SERVICE.events().send(event(lesson, someone, "l2").put("occurredAt", now.toString()));
    }
    steps.awaitProfile(user, "the milestone and the streak", "badges { badge { id } } titles { title { id } }",
      p -> p.getJsonArray("badges").size() == 1 && p.getJsonArray("titles").size() == 1);
    steps.awaitTotal(other, 20);
    admin.data("mutation($u: ID!, $t: ID!) { revokeTitle(userId: $u, titleId: $t, reason: \"r\") { userId } }",
      new JsonObject().put("u", user).put("t", title));
    // reached by the adjustment below only: the other users of this class stay under it
    admin.data("mutation($i: LevelInput!) { createLevel(input: $i) { id } }", new JsonObject().put("i",
      new JsonObject().put("name", "A million").put("minPoints", 1_000_000)));
    admin.data("mutation($u: ID!) { adjustPoints(userId: $u, points: 1000000, reason: \"thanks\") { id } }",
      new JsonObject().put("u", user));
    String backfilled = steps.rule(new JsonObject().put("eventName", lesson).put("description", "late").put("pointsAwarded", 1));
    steps.awaitJob(admin.data("mutation($r: ID!) { backfillRule(ruleId: $r) { id } }", new JsonObject().put("r", backfilled))
      .getJsonObject("backfillRule").getString("id"));
    String credentialUrl = admin.data("query($u: ID!) { gamificationProfile(userId: $u) { badges { credentialUrl } } }",
      new JsonObject().put("u", user)).getJsonObject("gamificationProfile").getJsonArray("badges").getJsonObject(0)
      .getString("credentialUrl");
    assertThat(status(credentialUrl)).as("the credential before").isEqualTo(200);
    List<String> events = steps.rows("SELECT event_id FROM processed_events WHERE user_id = $1", user);
    assertThat(events).hasSize(2);
    assertThat(steps.count("SELECT count(*) FROM backfill_applied WHERE event_id = ANY($1)", (Object) events.toArray(String[]::new)))
      .isEqualTo(2);

    // the daily totals are folded from the log, as a leaderboard computation does (V15): the erasure has days to erase
    steps.count(DailyTotals.FOLD_ALL);
    assertThat(steps.count("SELECT count(*) FROM user_daily_totals WHERE user_id = $1", user)).isPositive();

    JsonObject erased = admin.data(ERASE, new JsonObject().put("u", user));

    assertThat(erased.getBoolean("eraseUser")).isTrue();
    for (String table : steps.rows("""
        SELECT c.table_name::text FROM information_schema.columns c
        JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND c.column_name = 'user_id' AND t.table_type = 'BASE TABLE'""")) {
      assertThat(steps.count("SELECT count(*) FROM " + table + " WHERE user_id::text = $1", user)).as(table).isZero();
    }
    for (String table : List.of("points_log", "processed_events", "user_daily_totals", "rule_cap_counters", "rule_keys",
      "rule_progress", "streak_marks", "streak_progress", "user_badges", "user_titles")) {
      assertThat(steps.count("SELECT count(*) FROM " + table + " WHERE user_id = $1", other)).as(table).isPositive();
    }
    assertThat(steps.totalPoints(other)).as("the other user's two events, and the backfill's").isEqualTo(22);
    assertThat(steps.count("SELECT count(*) FROM backfill_applied WHERE event_id = ANY($1)", (Object) events.toArray(String[]::new)))
      .isZero();
    assertThat(steps.rows("SELECT r.type FROM reward_outbox o, unnest(o.user_ids, o.types) AS r (user_id, type) "
      + "WHERE r.user_id = $1", user)).as("the user's rewards in the outbox").containsExactly("ERASED");
    assertThat(steps.count("SELECT count(*) FROM reward_outbox o, unnest(o.user_ids) AS r (user_id) WHERE r.user_id = $1",
      other)).as("the other user's rewards in the outbox").isPositive();
    assertThat(steps.count("SELECT count(*) FROM audit_log WHERE strpos(arguments::text, $1) > 0", user)).isZero();
    String hash = steps.rows("SELECT gamification_user_sha256($1)", user).get(0);
    assertThat(steps.rows("SELECT operation FROM audit_log WHERE arguments ->> 'userIdSha256' = $1 ORDER BY id", hash))
      .containsExactly("revokeTitle", "adjustPoints", "eraseUser");
    assertThat(steps.rows("SELECT actor FROM audit_log WHERE operation = 'eraseUser' AND arguments ->> 'userIdSha256' = $1",
      hash)).containsExactly(ADMIN_ID);
    JsonObject profile = admin.data("query($u: ID!) { gamificationProfile(userId: $u) { totalPoints rank badges { badge { id } } "
      + "titles { title { id } } level { id } milestones { count } streaks { longest } } }", new JsonObject().put("u", user))
      .getJsonObject("gamificationProfile");
    assertThat(profile.getLong("totalPoints")).isZero();
    assertThat(profile.getValue("rank")).isNull();
    assertThat(profile.getValue("level")).isNull();
    for (String list : List.of("badges", "titles", "milestones", "streaks")) {
      assertThat(profile.getJsonArray(list)).as(list).isEmpty();
    }
    assertThat(admin.data("query($u: ID!) { rewards(userId: $u) { entries { rewardId } } }", new JsonObject().put("u", user))
      .getJsonObject("rewards").getJsonArray("entries")).isEmpty();
    assertThat(admin.data("query($u: ID!) { pointsHistory(userId: $u) { entries { id } } }", new JsonObject().put("u", user))
      .getJsonObject("pointsHistory").getJsonArray("entries")).isEmpty();
    assertThat(status(credentialUrl)).as("the credential after").isEqualTo(404);
    Await.until("the ERASED record is published", () -> types(topic, user).contains("ERASED"));
    assertThat(admin.data(ERASE, new JsonObject().put("u", user)).getBoolean("eraseUser")).as("nothing left to erase").isFalse();
  }

  private static int status(String url) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
        .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("an erased user's later events, new or redelivered, are dropped; the events around them are applied")
  void laterEventsAreDropped() {
    String user = user();
    String other = user();
    String gig = eventName("gig.completed");
    steps.rule(new JsonObject().put("eventName", gig).put("description", "points").put("pointsAwarded", 7));
    JsonObject first = SERVICE.events().send(gig, user, "g1");
    steps.awaitTotal(user, 7);
    assertThat(admin.data(ERASE, new JsonObject().put("u", user)).getBoolean("eraseUser")).isTrue();

    SERVICE.events().send(first);
    SERVICE.events().send(gig, user, "g2");
    // keyed by the erased user, so on their partition after their events: once applied, theirs were read
    SERVICE.events().send(user, event(gig, other, "g3").encode());
    steps.awaitTotal(other, 7);

    assertThat(steps.totalPoints(user)).isZero();
    assertThat(steps.count("SELECT count(*) FROM processed_events WHERE user_id = $1", user)).isZero();
  }

  @Test
  @DisplayName("an erasure made again before the first one's ERASED record is published answers false and leaves that "
    + "record to be published, once")
  void erasedAgainBeforePublished() {
    String user = user();
    admin.data("mutation($u: ID!) { adjustPoints(userId: $u, points: 5, reason: \"some\") { id } }", new JsonObject().put("u", user));

    // one transaction: no relay publishes the first erasure's ERASED record before the second erasure reads the outbox,
    // as when an erasure is made again while the relay is behind (or the broker away)
    String erase = "SELECT gamification_erase_user($1, 'an admin') AS found";
    List<Boolean> found = Await.result(SERVICE.db().withTransaction(conn -> conn.preparedQuery(erase).execute(Tuple.of(user))
      .compose(first -> conn.preparedQuery(erase).execute(Tuple.of(user))
        .map(second -> List.of(first.iterator().next().getBoolean(0), second.iterator().next().getBoolean(0))))));

    assertThat(found).as("the first erasure found data, the second nothing").containsExactly(true, false);
    assertThat(steps.rows("SELECT r.type FROM reward_outbox o, unnest(o.user_ids, o.types) AS r (user_id, type) "
      + "WHERE r.user_id = $1", user)).as("the user's rewards in the outbox").containsExactly("ERASED");
    Await.until("the ERASED record is published", () -> types(topic, user).contains("ERASED"));
    assertThat(topic.forKey(user).stream().map(record -> new JsonObject(TopicCollector.value(record)))
      .filter(reward -> reward.getString("type").equals("ERASED")).map(reward -> reward.getString("rewardId")).distinct())
      .as("ERASED rewards on the topic").hasSize(1);
  }

  @Test
  @DisplayName("points_log and audit_log stay append-only outside an erasure, and an erasure deletes only its user's rows")
  void appendOnlyOutsideErasure() {
    String user = user();
    admin.data("mutation($u: ID!) { adjustPoints(userId: $u, points: 5, reason: \"kept\") { id } }", new JsonObject().put("u", user));

    assertThatThrownBy(() -> Await.result(SERVICE.db().preparedQuery("DELETE FROM points_log WHERE user_id = $1")
      .execute(Tuple.of(user)))).hasMessageContaining("points_log is append-only");
    assertThatThrownBy(() -> Await.result(SERVICE.db().withTransaction(conn -> conn
      .preparedQuery("SELECT set_config('gamification.erasing', $1, true)").execute(Tuple.of("someone-else"))
      .compose(set -> conn.preparedQuery("DELETE FROM points_log WHERE user_id = $1").execute(Tuple.of(user))))))
      .hasMessageContaining("points_log is append-only");
    assertThatThrownBy(() -> Await.result(SERVICE.db().withTransaction(conn -> conn
      .preparedQuery("SELECT set_config('gamification.erasing', $1, true)").execute(Tuple.of(user))
      .compose(set -> conn.query("UPDATE audit_log SET actor = 'forged' WHERE arguments ->> 'userId' = '" + user + "'")
        .execute()))))
      .hasMessageContaining("audit_log is append-only");
    assertThat(steps.totalPoints(user)).isEqualTo(5);
  }
}
