package com.gigsy.gamification.api;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.GraphQLClient.Response;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read side of the GraphQL API on a real stack: profiles, the catalog and the leaderboard, with
 * data written straight into PostgreSQL (the engine's own path is covered by SpineTest).
 */
class ApiQueriesTest {

  private static final String PROFILE = """
    query($u: ID!) { gamificationProfile(userId: $u) {
      userId totalPoints rank
      badges { badge { id name description iconUrl } awardedAt }
      titles { title { id name description } isEquipped awardedAt }
      equippedTitle { id name } } }""";

  private static final String RULES = """
    query($e: String) { rules(eventName: $e) {
      id eventName description active pointsAwarded badge { id name } title { id name } } }""";

  // only the api role: these tests write their data directly, and stay apart from the other roles
  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE).configured(c -> c.with(Setting.ROLES, "api"));

  private final GraphQLClient reader = SERVICE.graphql(TestTokens.user("reader-" + UUID.randomUUID()));

  @Test
  @DisplayName("a user the service has never seen has a profile with 0 points and empty lists, not an error")
  void unknownUser() {
    String user = "never-seen-" + UUID.randomUUID();
    JsonObject response = reader.post(PROFILE, new JsonObject().put("u", user));

    assertThat(response.containsKey("errors")).isFalse();
    JsonObject profile = response.getJsonObject("data").getJsonObject("gamificationProfile");
    assertThat(profile.getString("userId")).isEqualTo(user);
    assertThat(profile.getValue("totalPoints")).isInstanceOf(Number.class);
    assertThat(profile.getLong("totalPoints")).isZero();
    assertThat(profile.getJsonArray("badges")).isEmpty();
    assertThat(profile.getJsonArray("titles")).isEmpty();
    assertThat(profile.getValue("equippedTitle")).isNull();
    assertThat(profile.getValue("rank")).isNull();
  }

  @Test
  @DisplayName("a profile shows the sum of the points log as a JSON number beyond 2^31, its badges and its titles")
  void profileWithRewards() {
    String user = "rich-" + UUID.randomUUID();
    long rule = insertRule("gig.completed", "points for a gig", 10, null, null, true);
    long badge = insertBadge("Marathon " + user, "Ran far");
    long learner = insertTitle("Learner " + user, "Learns");
    long mentor = insertTitle("Mentor " + user, "Helps");
    insertPoints(user, rule, 2_000_000_000, "entity:a");
    insertPoints(user, rule, 2_000_000_000, "entity:b");
    insertPoints(user, rule, 5, "event:c");
    execute("INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by, awarded_at) "
      + "VALUES ($1, $2, $3, 'e1', 'test', '2025-09-10T12:00:00Z')", user, badge, rule);
    execute("INSERT INTO user_titles (user_id, title_id, rule_id, event_id, is_equipped, created_by, awarded_at) "
      + "VALUES ($1, $2, $3, 'e2', false, 'test', '2025-09-11T08:30:00Z')", user, learner, rule);
    execute("INSERT INTO user_titles (user_id, title_id, rule_id, event_id, is_equipped, created_by, awarded_at) "
      + "VALUES ($1, $2, $3, 'e3', true, 'test', '2025-09-12T08:30:00Z')", user, mentor, rule);

    Response response = reader.send(PROFILE, new JsonObject().put("u", user));

    assertThat(response.body()).contains("\"totalPoints\":4000000005");
    JsonObject profile = response.json().getJsonObject("data").getJsonObject("gamificationProfile");
    assertThat(profile.getLong("totalPoints")).isEqualTo(4_000_000_005L);

    JsonArray badges = profile.getJsonArray("badges");
    assertThat(badges).hasSize(1);
    assertThat(badges.getJsonObject(0).getString("awardedAt")).isEqualTo("2025-09-10T12:00:00Z");
    assertThat(badges.getJsonObject(0).getJsonObject("badge").getMap()).containsEntry("id", Long.toString(badge))
      .containsEntry("name", "Marathon " + user)
      .containsEntry("description", "Ran far")
      .containsEntry("iconUrl", "https://cdn.gigsy.test/" + badge + ".png");

    JsonArray titles = profile.getJsonArray("titles");
    assertThat(titles).hasSize(2);
    assertThat(titles.getJsonObject(0).getJsonObject("title").getString("name")).isEqualTo("Learner " + user);
    assertThat(titles.getJsonObject(0).getBoolean("isEquipped")).isFalse();
    assertThat(titles.getJsonObject(0).getString("awardedAt")).isEqualTo("2025-09-11T08:30:00Z");
    assertThat(titles.getJsonObject(1).getJsonObject("title").getString("id")).isEqualTo(Long.toString(mentor));
    assertThat(titles.getJsonObject(1).getBoolean("isEquipped")).isTrue();
    assertThat(profile.getJsonObject("equippedTitle").getString("name")).isEqualTo("Mentor " + user);
  }

  @Test
  @DisplayName("rules lists active and inactive rules with their rewards resolved, and filters by event name")
  void rules() {
    String event = "api.rules_" + UUID.randomUUID().toString().substring(0, 8);
    long badge = insertBadge("Reviewer " + event, "Reviews");
    long title = insertTitle("Critic " + event, "Criticises");
    long points = insertRule(event, "points", 25, null, null, true);
    long rewards = insertRule(event, "badge and title", null, badge, title, false);
    insertRule("other." + event.substring(4), "another event", 1, null, null, true);

    JsonArray all = reader.post(RULES, new JsonObject()).getJsonObject("data").getJsonArray("rules");
    JsonArray filtered = reader.post(RULES, new JsonObject().put("e", event)).getJsonObject("data").getJsonArray("rules");

    assertThat(all.size()).isGreaterThanOrEqualTo(3);
    assertThat(filtered).hasSize(2);
    JsonObject first = filtered.getJsonObject(0);
    assertThat(first.getString("id")).isEqualTo(Long.toString(points));
    assertThat(first.getString("eventName")).isEqualTo(event);
    assertThat(first.getBoolean("active")).isTrue();
    assertThat(first.getInteger("pointsAwarded")).isEqualTo(25);
    assertThat(first.getValue("badge")).isNull();
    assertThat(first.getValue("title")).isNull();
    JsonObject second = filtered.getJsonObject(1);
    assertThat(second.getString("id")).isEqualTo(Long.toString(rewards));
    assertThat(second.getBoolean("active")).isFalse();
    assertThat(second.getValue("pointsAwarded")).isNull();
    assertThat(second.getJsonObject("badge").getString("name")).isEqualTo("Reviewer " + event);
    assertThat(second.getJsonObject("title").getString("id")).isEqualTo(Long.toString(title));
  }

  @Test
  @DisplayName("badges and titles list the whole catalog")
  void catalog() {
    String tag = UUID.randomUUID().toString();
    long badge = insertBadge("Catalog badge " + tag, "In the catalog");
    long title = insertTitle("Catalog title " + tag, "In the catalog");

    JsonObject data = reader.post("{ badges { id name description iconUrl } titles { id name description } }",
      new JsonObject()).getJsonObject("data");

    assertThat(data.getJsonArray("badges").stream().map(JsonObject.class::cast))
      .anySatisfy(b -> assertThat(b.getMap()).containsEntry("id", Long.toString(badge))
        .containsEntry("name", "Catalog badge " + tag)
        .containsEntry("iconUrl", "https://cdn.gigsy.test/" + badge + ".png"));
    assertThat(data.getJsonArray("titles").stream().map(JsonObject.class::cast))
      .anySatisfy(t -> assertThat(t.getMap()).containsEntry("id", Long.toString(title))
        .containsEntry("description", "In the catalog"));
  }

  @Test
  @DisplayName("the leaderboard is empty and not yet computed, for the default limit and for the largest one allowed")
  void leaderboardPlaceholder() {
    JsonObject byDefault = reader.post("{ leaderboard { computedAt entries { rank userId totalPoints } } }", new JsonObject());
    JsonObject largest = reader.post("query($n: Int) { leaderboard(limit: $n) { computedAt entries { rank } } }",
      new JsonObject().put("n", SERVICE.config().leaderboardSize()));

    for (JsonObject response : new JsonObject[] {byDefault, largest}) {
      assertThat(response.containsKey("errors")).isFalse();
      JsonObject leaderboard = response.getJsonObject("data").getJsonObject("leaderboard");
      assertThat(leaderboard.getValue("computedAt")).isNull();
      assertThat(leaderboard.getJsonArray("entries")).isEmpty();
    }
  }

  @Test
  @DisplayName("leaderboard(limit: 0) and a limit above the configured size are BAD_USER_INPUT naming the argument")
  void leaderboardLimitOutOfRange() {
    for (int limit : new int[] {0, SERVICE.config().leaderboardSize() + 1}) {
      JsonObject response = reader.post("query($n: Int) { leaderboard(limit: $n) { computedAt } }", new JsonObject().put("n", limit));

      JsonObject error = response.getJsonArray("errors").getJsonObject(0);
      assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BAD_USER_INPUT");
      assertThat(error.getString("message")).contains("limit");
      assertThat(response.getValue("data")).isNull();
    }
  }

  private static long insertBadge(String name, String description) {
    long id = single("INSERT INTO badges (name, description, icon_url) VALUES ($1, $2, 'https://cdn.gigsy.test/tmp.png') "
      + "RETURNING id", name, description);
    execute("UPDATE badges SET icon_url = 'https://cdn.gigsy.test/' || id || '.png' WHERE id = $1", id);
    return id;
  }

  private static long insertTitle(String name, String description) {
    return single("INSERT INTO titles (name, description) VALUES ($1, $2) RETURNING id", name, description);
  }

  private static long insertRule(String event, String description, Integer points, Long badge, Long title, boolean active) {
    return single("INSERT INTO gamification_rules (event_name, description, points_awarded, badge_id, title_id, active) "
      + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", event, description, points, badge, title, active);
  }

  /** A log entry and its total, as the engine writes them (in one statement: one transaction). */
  private static void insertPoints(String user, long rule, int points, String dedupeKey) {
    execute("WITH logged AS (INSERT INTO points_log (user_id, points, rule_id, event_id, dedupe_key, occurred_at, created_by) "
      + "VALUES ($1, $2, $3, $4, $5, now(), 'test') RETURNING user_id, points) "
      + "INSERT INTO user_totals (user_id, total_points) SELECT user_id, points FROM logged "
      + "ON CONFLICT (user_id) DO UPDATE SET total_points = user_totals.total_points + excluded.total_points",
      user, points, rule, UUID.randomUUID().toString(), dedupeKey);
  }

  private static long single(String sql, Object... params) {
    Row row = Await.result(SERVICE.db().preparedQuery(sql).execute(Tuple.from(params))).iterator().next();
    return row.getLong(0);
  }

  private static void execute(String sql, Object... params) {
    Await.result(SERVICE.db().preparedQuery(sql).execute(Tuple.from(params)));
  }
}
