package com.gigsy.gamification.api;

import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import com.gigsy.gamification.testing.TopicCollector;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static com.gigsy.gamification.api.AdminSteps.eventName;
import static com.gigsy.gamification.api.AdminSteps.topicIds;
import static com.gigsy.gamification.api.AdminSteps.types;
import static com.gigsy.gamification.api.AdminSteps.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Levels, corrections, backfill, audit and the reward history (CONTRACT §8) on the whole service: the admin's
 * mutations through GraphQL, events through Kafka, what a user reads back, and the rewards topic.
 */
class CorrectionsTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE);

  private static final String CREATE_RULE = "mutation($i: RuleInput!) { createRule(input: $i) { id builtIn reverses { id } } }";
  private static final String CREATE_LEVEL = "mutation($i: LevelInput!) { createLevel(input: $i) { id name minPoints } }";
  private static final String ADJUST = """
    mutation($u: ID!, $p: Int!, $r: String!) { adjustPoints(userId: $u, points: $p, reason: $r) {
      id points kind reason createdBy eventId rule { id builtIn } } }""";
  private static final String REWARDS = """
    query($u: ID!, $n: Int, $a: String) { rewards(userId: $u, first: $n, after: $a) {
      entries { rewardId type userId ruleId eventId points badgeId titleId levelId kind awardedAt }
      pageInfo { hasNextPage endCursor } } }""";

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
  @DisplayName("levels: listed by minPoints, one per minPoints; a user's level, next level and the points to it; a level "
    + "created later reaches the users already there, once, with its badge")
  void levels() {
    String user = user();
    String course = eventName("course.completed");
    steps.rule(new JsonObject().put("eventName", course).put("description", "points").put("pointsAwarded", 500_000));
    SERVICE.events().send(course, user, "c1");
    steps.awaitTotal(user, 500_000);
    String badge = steps.badge();
    long base = 400_000 + new java.util.Random().nextInt(50_000);
    String low = admin.data(CREATE_LEVEL, new JsonObject().put("i", new JsonObject().put("name", "Low " + base)
      .put("minPoints", base).put("badgeId", badge))).getJsonObject("createLevel").getString("id");
    String high = admin.data(CREATE_LEVEL, new JsonObject().put("i", new JsonObject().put("name", "High " + base)
      .put("minPoints", base + 200_000))).getJsonObject("createLevel").getString("id");
    JsonObject duplicate = admin.post(CREATE_LEVEL, new JsonObject().put("i", new JsonObject().put("name", "Again")
      .put("minPoints", base)));

    assertThat(GraphQLClient.errorCode(duplicate)).isEqualTo("BAD_USER_INPUT");
    assertThat(GraphQLClient.firstError(duplicate).getString("message")).contains("input.minPoints");
    JsonObject standing = steps.awaitProfile(user, "the level's award reached the user", "level { id } nextLevel { id } "
      + "pointsToNextLevel badges { badge { id } rule { builtIn } }", p -> p.getJsonArray("badges").size() == 1);
    assertThat(standing.getJsonObject("level").getString("id")).isEqualTo(low);
    assertThat(standing.getJsonObject("nextLevel").getString("id")).isEqualTo(high);
    assertThat(standing.getLong("pointsToNextLevel")).isEqualTo(base + 200_000 - 500_000);
    assertThat(standing.getJsonArray("badges").getJsonObject(0).getJsonObject("rule").getBoolean("builtIn")).isTrue();
    assertThat(steps.count("SELECT count(*) FROM user_levels WHERE user_id = $1", user)).isGreaterThanOrEqualTo(1);
    List<String> levelIds = admin.data("{ levels { id minPoints } }", new JsonObject()).getJsonArray("levels").stream()
      .map(l -> ((JsonObject) l).getString("id")).toList();
    assertThat(levelIds).containsSubsequence(low, high);

    assertThat(admin.data("mutation($id: ID!) { deleteLevel(id: $id) }", new JsonObject().put("id", high))
      .getBoolean("deleteLevel")).isTrue();
    assertThat(admin.data("{ levels { id } }", new JsonObject()).getJsonArray("levels").stream()
      .map(l -> ((JsonObject) l).getString("id")).toList()).doesNotContain(high);
  }

  @Test
  @DisplayName("adjustPoints appends an ADJUSTMENT entry with the reason and the admin, named by a built-in rule; one "
    + "taking the total below 0, or of 0 points, is BAD_USER_INPUT naming points")
  void adjustments() {
    String user = user();
    JsonObject entry = admin.data(ADJUST, new JsonObject().put("u", user).put("p", 40).put("r", "ticket #12"))
      .getJsonObject("adjustPoints");
    JsonObject taken = admin.data(ADJUST, new JsonObject().put("u", user).put("p", -15).put("r", "duplicate"))
      .getJsonObject("adjustPoints");
    JsonObject belowZero = admin.post(ADJUST, new JsonObject().put("u", user).put("p", -26).put("r", "too much"));
    JsonObject zero = admin.post(ADJUST, new JsonObject().put("u", user).put("p", 0).put("r", "nothing"));

    assertThat(entry.getString("kind")).isEqualTo("ADJUSTMENT");
    assertThat(entry.getString("reason")).isEqualTo("ticket #12");
    assertThat(entry.getString("createdBy")).isEqualTo(ADMIN_ID);
    assertThat(entry.getJsonObject("rule").getBoolean("builtIn")).isTrue();
    assertThat(taken.getInteger("points")).isEqualTo(-15);
    for (JsonObject refused : List.of(belowZero, zero)) {
      assertThat(GraphQLClient.errorCode(refused)).isEqualTo("BAD_USER_INPUT");
      assertThat(GraphQLClient.firstError(refused).getJsonArray("path").getString(0)).isEqualTo("adjustPoints");
      assertThat(GraphQLClient.firstError(refused).getString("message")).contains("points");
    }
    assertThat(steps.totalPoints(user)).isEqualTo(25);
    JsonArray history = SERVICE.graphql(TestTokens.user(user)).data("query($u: ID!) { pointsHistory(userId: $u) { entries { "
      + "points kind reason } } }", new JsonObject().put("u", user)).getJsonObject("pointsHistory").getJsonArray("entries");
    assertThat(history.stream().map(e -> ((JsonObject) e).getInteger("points") + " " + ((JsonObject) e).getString("kind")))
      .containsExactly("-15 ADJUSTMENT", "40 ADJUSTMENT");
  }

  @Test
  @DisplayName("a reversal rule takes back, once, the points the reversed rule granted for the entity")
  void reversal() {
    String completed = eventName("gig.completed");
    String cancelled = eventName("gig.cancelled");
    String gig = steps.rule(new JsonObject().put("eventName", completed).put("description", "gig").put("pointsAwarded", 100));
    JsonObject reversal = admin.data(CREATE_RULE, new JsonObject().put("i", new JsonObject().put("eventName", cancelled)
      .put("description", "a cancelled gig").put("reverses", gig))).getJsonObject("createRule");
    JsonObject withPoints = admin.post(CREATE_RULE, new JsonObject().put("i", new JsonObject().put("eventName", cancelled)
      .put("description", "x").put("reverses", gig).put("pointsAwarded", 5)));
    String user = user();

    SERVICE.events().send(completed, user, "g1");
    SERVICE.events().send(completed, user, "g2");
    SERVICE.events().send(cancelled, user, "g1");
    SERVICE.events().send(cancelled, user, "g1");

    assertThat(reversal.getJsonObject("reverses").getString("id")).isEqualTo(gig);
    assertThat(GraphQLClient.firstError(withPoints).getString("message")).contains("input.reverses");
    steps.awaitTotal(user, 100);
    Await.until("the second cancellation is processed", () -> steps.count("SELECT count(*) FROM processed_events "
      + "WHERE user_id = $1", user) == 4);
    assertThat(steps.rows("SELECT points || ' ' || kind FROM points_log WHERE user_id = $1 ORDER BY id", user))
      .containsExactly("100 RULE", "100 RULE", "-100 REVERSAL");
  }

  @Test
  @DisplayName("revokeBadge and revokeTitle remove the award (an equipped title unequipped), are published, and a later "
    + "qualifying event grants it again; an award the user does not hold is NOT_FOUND")
  void revocations() {
    String course = eventName("course.completed");
    String badge = steps.badge();
    String title = admin.data("mutation { createTitle(input: {name: \"T\", description: \"d\"}) { id } }", new JsonObject())
      .getJsonObject("createTitle").getString("id");
    steps.rule(new JsonObject().put("eventName", course).put("description", "awards").put("badgeId", badge).put("titleId", title));
    String user = user();
    SERVICE.events().send(course, user, "c1");
    steps.awaitProfile(user, "the awards", "badges { badge { id } }", p -> p.getJsonArray("badges").size() == 1);
    SERVICE.graphql(TestTokens.user(user)).data("mutation($t: ID!) { equipTitle(titleId: $t) { userId } }",
      new JsonObject().put("t", title));

    JsonObject afterBadge = admin.data("mutation($u: ID!, $b: ID!) { revokeBadge(userId: $u, badgeId: $b, reason: \"mistake\") "
      + "{ badges { badge { id } } } }", new JsonObject().put("u", user).put("b", badge)).getJsonObject("revokeBadge");
    JsonObject afterTitle = admin.data("mutation($u: ID!, $t: ID!) { revokeTitle(userId: $u, titleId: $t, reason: \"mistake\") "
      + "{ titles { title { id } } equippedTitle { id } } }", new JsonObject().put("u", user).put("t", title))
      .getJsonObject("revokeTitle");
    JsonObject again = admin.post("mutation($u: ID!, $b: ID!) { revokeBadge(userId: $u, badgeId: $b, reason: \"x\") { userId } }",
      new JsonObject().put("u", user).put("b", badge));

    assertThat(afterBadge.getJsonArray("badges")).isEmpty();
    assertThat(afterTitle.getJsonArray("titles")).isEmpty();
    assertThat(afterTitle.getValue("equippedTitle")).isNull();
    assertThat(GraphQLClient.errorCode(again)).isEqualTo("NOT_FOUND");
    Await.until("the revocations are published", Duration.ofSeconds(30),
      () -> types(topic, user).containsAll(Set.of("BADGE_REVOKED", "TITLE_REVOKED")));

    SERVICE.events().send(course, user, "c2");
    steps.awaitProfile(user, "the badge is granted again", "badges { badge { id } }", p -> p.getJsonArray("badges").size() == 1);
  }

  @Test
  @DisplayName("backfillRule applies a rule to the events before it, in the background, with readable progress; a "
    + "second backfill grants nothing more; a built-in rule, an unknown one or a running backfill are refused")
  void backfill() {
    String lesson = eventName("lesson.completed");
    String user = user();
    for (int i = 0; i < 5; i++) {
      SERVICE.events().send(lesson, user, "l" + i);
    }
    Await.until("the lessons are processed", () -> steps.count("SELECT count(*) FROM processed_events WHERE user_id = $1", user) == 5);
    String rule = steps.rule(new JsonObject().put("eventName", lesson).put("description", "backfilled").put("pointsAwarded", 7));

    String job = admin.data("mutation($r: ID!) { backfillRule(ruleId: $r) { id kind status } }",
      new JsonObject().put("r", rule)).getJsonObject("backfillRule").getString("id");
    JsonObject done = steps.awaitJob(job);
    String second = admin.data("mutation($r: ID!) { backfillRule(ruleId: $r) { id } }", new JsonObject().put("r", rule))
      .getJsonObject("backfillRule").getString("id");
    JsonObject nothing = steps.awaitJob(second);

    assertThat(done.getString("kind")).isEqualTo("BACKFILL");
    assertThat(done.getLong("total")).isEqualTo(5);
    assertThat(done.getLong("processed")).isEqualTo(5);
    assertThat(done.getLong("granted")).isEqualTo(5);
    assertThat(nothing.getLong("granted")).isZero();
    assertThat(steps.totalPoints(user)).isEqualTo(35);
    assertThat(admin.data("{ jobs(first: 5) { id } }", new JsonObject()).getJsonArray("jobs").stream()
      .map(j -> ((JsonObject) j).getString("id")).toList()).startsWith(second, job);

    String builtIn = steps.rows("SELECT id::text FROM gamification_rules WHERE built_in = 'ADJUSTMENT'").get(0);
    Await.result(SERVICE.db().preparedQuery("INSERT INTO jobs (kind, rule_id, created_by, owner, heartbeat) "
      + "VALUES ('BACKFILL', $1, 'x', 'held', now() + interval '1 hour')").execute(Tuple.of(Long.parseLong(rule))));
    for (String refusedRule : List.of(builtIn, rule)) {
      JsonObject refused = admin.post("mutation($r: ID!) { backfillRule(ruleId: $r) { id } }", new JsonObject().put("r", refusedRule));
      assertThat(GraphQLClient.errorCode(refused)).isEqualTo("BAD_USER_INPUT");
      assertThat(GraphQLClient.firstError(refused).getString("message")).contains("ruleId");
    }
    assertThat(GraphQLClient.errorCode(admin.post("mutation { backfillRule(ruleId: \"987654321\") { id } }", new JsonObject())))
      .isEqualTo("NOT_FOUND");
  }

  @Test
  @DisplayName("the audit log records every successful admin mutation once, with the actor, operation and arguments, "
    + "newest first; a refused one is not recorded; it is for admins only")
  void auditLog() {
    String reason = "audit " + UUID.randomUUID();
    String user = user();
    admin.data(ADJUST, new JsonObject().put("u", user).put("p", 3).put("r", reason));
    admin.post(ADJUST, new JsonObject().put("u", user).put("p", -10).put("r", reason));
    admin.data("mutation { createTitle(input: {name: \"Audited\", description: \"d\"}) { id } }", new JsonObject());

    JsonObject page = admin.data("{ auditLog(first: 2) { entries { id actor operation arguments at } pageInfo { hasNextPage "
      + "endCursor } } }", new JsonObject()).getJsonObject("auditLog");
    JsonArray entries = page.getJsonArray("entries");
    assertThat(entries.getJsonObject(0).getString("operation")).isEqualTo("createTitle");
    assertThat(entries.getJsonObject(1).getString("operation")).isEqualTo("adjustPoints");
    assertThat(entries.getJsonObject(1).getString("actor")).isEqualTo(ADMIN_ID);
    assertThat(new JsonObject(entries.getJsonObject(1).getString("arguments")))
      .isEqualTo(new JsonObject().put("userId", user).put("points", 3).put("reason", reason));
    assertThat(steps.count("SELECT count(*) FROM audit_log WHERE arguments ->> 'reason' = $1", reason)).isEqualTo(1);
    JsonObject next = admin.data("query($a: String) { auditLog(first: 1, after: $a) { entries { id } } }",
      new JsonObject().put("a", page.getJsonObject("pageInfo").getString("endCursor"))).getJsonObject("auditLog");
    assertThat(Long.parseLong(next.getJsonArray("entries").getJsonObject(0).getString("id")))
      .isLessThan(Long.parseLong(entries.getJsonObject(1).getString("id")));
    assertThat(GraphQLClient.errorCode(SERVICE.graphql(TestTokens.user(user)).post("{ auditLog { entries { id } } }",
      new JsonObject()))).isEqualTo("FORBIDDEN");
  }

  @Test
  @DisplayName("rewards lists what the rewards topic carried for the user, newest first, page by page, with the topic's "
    + "rewardIds: points of every kind, badges, revocations, levels")
  void rewardHistory() {
    String course = eventName("course.completed");
    String badge = steps.badge();
    steps.rule(new JsonObject().put("eventName", course).put("description", "course").put("pointsAwarded", 10).put("badgeId", badge));
    String user = user();
    SERVICE.events().send(course, user, "c1");
    steps.awaitTotal(user, 10);
    admin.data(ADJUST, new JsonObject().put("u", user).put("p", -4).put("r", "fix"));
    admin.data("mutation($u: ID!, $b: ID!) { revokeBadge(userId: $u, badgeId: $b, reason: \"r\") { userId } }",
      new JsonObject().put("u", user).put("b", badge));
    Await.until("four rewards on the topic", Duration.ofSeconds(30), () -> topicIds(topic, user).size() == 4);

    GraphQLClient self = SERVICE.graphql(TestTokens.user(user));
    List<JsonObject> all = new ArrayList<>();
    String after = null;
    do {
      JsonObject page = self.data(REWARDS, new JsonObject().put("u", user).put("n", 3).put("a", after)).getJsonObject("rewards");
      page.getJsonArray("entries").forEach(e -> all.add((JsonObject) e));
      after = page.getJsonObject("pageInfo").getBoolean("hasNextPage") ? page.getJsonObject("pageInfo").getString("endCursor") : null;
    } while (after != null);

    assertThat(all.stream().map(r -> r.getString("type") + " " + r.getString("kind")))
      .containsExactly("BADGE_REVOKED null", "POINTS ADJUSTMENT", "BADGE null", "POINTS RULE");
    assertThat(all.stream().map(r -> r.getString("rewardId")).toList()).containsExactlyInAnyOrderElementsOf(topicIds(topic, user));
    assertThat(GraphQLClient.errorCode(SERVICE.graphql(TestTokens.user(user())).post(REWARDS, new JsonObject().put("u", user))))
      .isEqualTo("FORBIDDEN");
  }

  // --- helpers
}
