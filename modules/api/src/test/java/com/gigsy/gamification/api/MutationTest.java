package com.gigsy.gamification.api;

import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static com.gigsy.gamification.testing.GraphQLClient.errorCode;
import static com.gigsy.gamification.testing.GraphQLClient.firstError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mutations of CONTRACT §6 on the whole service (engine included, so rule changes are seen applied):
 * the catalog written verbatim, every validation case with its code and field, rules that cannot change
 * their event, deactivation that keeps history, and equipping titles.
 */
class MutationTest {

  private static final String CREATE_BADGE = "mutation($i: BadgeInput!) { createBadge(input: $i) { id name description iconUrl } }";
  private static final String UPDATE_BADGE = "mutation($id: ID!, $i: BadgeInput!) { updateBadge(id: $id, input: $i) { id name description iconUrl } }";
  private static final String CREATE_TITLE = "mutation($i: TitleInput!) { createTitle(input: $i) { id name description } }";
  private static final String UPDATE_TITLE = "mutation($id: ID!, $i: TitleInput!) { updateTitle(id: $id, input: $i) { id name description } }";
  private static final String CREATE_RULE = """
    mutation($i: RuleInput!) { createRule(input: $i) {
      id eventName description active pointsAwarded badge { id name } title { id name } } }""";
  private static final String UPDATE_RULE = """
    mutation($id: ID!, $i: RuleInput!) { updateRule(id: $id, input: $i) {
      id eventName description active pointsAwarded badge { id } title { id } } }""";
  private static final String DELETE_RULE = "mutation($id: ID!) { deleteRule(id: $id) }";
  private static final String EQUIP = "mutation($t: ID!) { equipTitle(titleId: $t) { userId equippedTitle { id } titles { title { id } isEquipped } } }";
  private static final String UNEQUIP = "mutation { unequipTitle { userId equippedTitle { id } titles { isEquipped } } }";

  /** Quotes, SQL fragments, a backslash, a placeholder, emoji and a line break: all must come back as sent. */
  private static final String HOSTILE = "Robert'); DROP TABLE badges;-- \"quoted\" \\ $1 %_ 🏆🔥 ñ";

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE);

  private final GraphQLClient admin = SERVICE.admin();

  @Test
  @DisplayName("badges and titles are created and updated with quotes, SQL fragments, emoji and line breaks stored verbatim")
  void catalogVerbatim() {
    JsonObject badgeInput = new JsonObject().put("name", HOSTILE).put("description", "line one\nline two\t" + HOSTILE)
      .put("iconUrl", "https://cdn.gigsy.test/icons/a.png?size=64&label='x'");
    JsonObject badge = admin.data(CREATE_BADGE, new JsonObject().put("i", badgeInput)).getJsonObject("createBadge");
    assertThat(badge.getString("name")).isEqualTo(HOSTILE);
    assertThat(badge.getString("description")).isEqualTo("line one\nline two\t" + HOSTILE);
    assertThat(badge.getString("iconUrl")).isEqualTo("https://cdn.gigsy.test/icons/a.png?size=64&label='x'");

    JsonObject renamed = badgeInput.copy().put("name", "  spaced 'name'  ").put("iconUrl", "http://cdn.gigsy.test/b.svg");
    JsonObject updated = admin.data(UPDATE_BADGE, new JsonObject().put("id", badge.getString("id")).put("i", renamed))
      .getJsonObject("updateBadge");
    assertThat(updated.getString("id")).isEqualTo(badge.getString("id"));
    assertThat(updated.getString("name")).isEqualTo("  spaced 'name'  ");
    assertThat(updated.getString("iconUrl")).isEqualTo("http://cdn.gigsy.test/b.svg");

    JsonObject title = admin.data(CREATE_TITLE, new JsonObject().put("i", new JsonObject().put("name", HOSTILE).put("description", "🎓")))
      .getJsonObject("createTitle");
    JsonObject retitled = admin.data(UPDATE_TITLE, new JsonObject().put("id", title.getString("id"))
      .put("i", new JsonObject().put("name", "Mentor \"of\" 🐘").put("description", "SELECT * FROM titles;"))).getJsonObject("updateTitle");
    assertThat(retitled.getString("name")).isEqualTo("Mentor \"of\" 🐘");
    assertThat(retitled.getString("description")).isEqualTo("SELECT * FROM titles;");

    // read back through the queries and straight from the table
    JsonObject catalog = admin.data("{ badges { id name description } titles { id name description } }", new JsonObject());
    assertThat(find(catalog.getJsonArray("badges"), badge.getString("id")).getString("description")).isEqualTo("line one\nline two\t" + HOSTILE);
    assertThat(find(catalog.getJsonArray("titles"), title.getString("id")).getString("name")).isEqualTo("Mentor \"of\" 🐘");
    assertThat(Await.result(SERVICE.db().preparedQuery("SELECT name FROM badges WHERE id = $1")
      .execute(Tuple.of(Long.parseLong(badge.getString("id"))))).iterator().next().getString(0)).isEqualTo("  spaced 'name'  ");
  }

  static Stream<Arguments> invalidInputs() {
    JsonObject badge = new JsonObject().put("name", "Fine").put("description", "Fine").put("iconUrl", "https://cdn.gigsy.test/x.png");
    JsonObject title = new JsonObject().put("name", "Fine").put("description", "Fine");
    JsonObject rule = new JsonObject().put("eventName", "course.completed").put("description", "Fine").put("pointsAwarded", 10);
    return Stream.of(
      Arguments.of("blank badge name", CREATE_BADGE, vars(badge.copy().put("name", "")), "BAD_USER_INPUT", "input.name"),
      Arguments.of("whitespace badge name", CREATE_BADGE, vars(badge.copy().put("name", " \t ")), "BAD_USER_INPUT", "input.name"),
      Arguments.of("badge name too long", CREATE_BADGE, vars(badge.copy().put("name", "n".repeat(101))), "BAD_USER_INPUT", "input.name"),
      Arguments.of("control character in a name", CREATE_BADGE, vars(badge.copy().put("name", "a\u0000b")), "BAD_USER_INPUT", "input.name"),
      Arguments.of("blank badge description", CREATE_BADGE, vars(badge.copy().put("description", "  ")), "BAD_USER_INPUT", "input.description"),
      Arguments.of("ftp icon URL", CREATE_BADGE, vars(badge.copy().put("iconUrl", "ftp://cdn.gigsy.test/x.png")), "BAD_USER_INPUT", "input.iconUrl"),
      Arguments.of("javascript icon URL", CREATE_BADGE, vars(badge.copy().put("iconUrl", "javascript:alert(1)")), "BAD_USER_INPUT", "input.iconUrl"),
      Arguments.of("icon URL without host", CREATE_BADGE, vars(badge.copy().put("iconUrl", "https://")), "BAD_USER_INPUT", "input.iconUrl"),
      Arguments.of("icon URL that is not a URL", CREATE_BADGE, vars(badge.copy().put("iconUrl", "a picture")), "BAD_USER_INPUT", "input.iconUrl"),
      Arguments.of("blank title name", CREATE_TITLE, vars(title.copy().put("name", "")), "BAD_USER_INPUT", "input.name"),
      Arguments.of("blank title description", CREATE_TITLE, vars(title.copy().put("description", "\n")), "BAD_USER_INPUT", "input.description"),
      Arguments.of("blank rule description", CREATE_RULE, vars(rule.copy().put("description", " ")), "BAD_USER_INPUT", "input.description"),
      Arguments.of("event name with spaces", CREATE_RULE, vars(rule.copy().put("eventName", "Course Completed")), "BAD_USER_INPUT", "input.eventName"),
      Arguments.of("event name with an empty word", CREATE_RULE, vars(rule.copy().put("eventName", "course..completed")), "BAD_USER_INPUT", "input.eventName"),
      Arguments.of("event name too long", CREATE_RULE, vars(rule.copy().put("eventName", "e".repeat(129))), "BAD_USER_INPUT", "input.eventName"),
      Arguments.of("0 points", CREATE_RULE, vars(rule.copy().put("pointsAwarded", 0)), "BAD_USER_INPUT", "input.pointsAwarded"),
      Arguments.of("negative points", CREATE_RULE, vars(rule.copy().put("pointsAwarded", -5)), "BAD_USER_INPUT", "input.pointsAwarded"),
      Arguments.of("1,000,001 points", CREATE_RULE, vars(rule.copy().put("pointsAwarded", 1_000_001)), "BAD_USER_INPUT", "input.pointsAwarded"),
      Arguments.of("a rule awarding nothing", CREATE_RULE, vars(rule.copy().putNull("pointsAwarded")), "BAD_USER_INPUT", "'input'"),
      Arguments.of("active: null", CREATE_RULE, vars(rule.copy().putNull("active")), "BAD_USER_INPUT", "input.active"),
      Arguments.of("unknown badge id", CREATE_RULE, vars(rule.copy().put("badgeId", "987654321")), "NOT_FOUND", "input.badgeId"),
      Arguments.of("badge id that is not ours", CREATE_RULE, vars(rule.copy().put("badgeId", "abc")), "NOT_FOUND", "input.badgeId"),
      Arguments.of("unknown title id", CREATE_RULE, vars(rule.copy().put("titleId", "987654321")), "NOT_FOUND", "input.titleId"),
      Arguments.of("update of an unknown badge", UPDATE_BADGE, vars(badge).put("id", "987654321"), "NOT_FOUND", "'id'"),
      Arguments.of("update of an unknown title", UPDATE_TITLE, vars(title).put("id", "987654321"), "NOT_FOUND", "'id'"),
      Arguments.of("update of an unknown rule", UPDATE_RULE, vars(rule).put("id", "987654321"), "NOT_FOUND", "'id'"),
      Arguments.of("delete of an unknown rule", DELETE_RULE, new JsonObject().put("id", "987654321"), "NOT_FOUND", "'id'"),
      Arguments.of("delete of a rule id that is not ours", DELETE_RULE, new JsonObject().put("id", "rule-1"), "NOT_FOUND", "'id'"));
  }

  @ParameterizedTest(name = "{0} is {3} naming {4}")
  @MethodSource("invalidInputs")
  @DisplayName("invalid input is refused with the contract code and a message naming the field, and nothing is written")
  void invalidInput(String description, String mutation, JsonObject variables, String code, String field) {
    long before = catalogRows();

    JsonObject response = admin.post(mutation, variables);

    assertThat(errorCode(response)).isEqualTo(code);
    assertThat(firstError(response).getString("message")).contains(field);
    assertThat(response.getValue("data")).isNull();
    assertThat(catalogRows()).isEqualTo(before);
  }

  @Test
  @DisplayName("pointsAwarded 1 and 1,000,000 are accepted; a badge-only and a title-only rule are accepted")
  void boundaries() {
    String badge = createBadge("Bound badge");
    String title = createTitle("Bound title");
    JsonObject base = new JsonObject().put("eventName", "bounds.checked").put("description", "bounds");

    assertThat(createRule(base.copy().put("pointsAwarded", 1)).getInteger("pointsAwarded")).isEqualTo(1);
    assertThat(createRule(base.copy().put("pointsAwarded", 1_000_000)).getInteger("pointsAwarded")).isEqualTo(1_000_000);
    assertThat(createRule(base.copy().put("badgeId", badge)).getJsonObject("badge").getString("id")).isEqualTo(badge);
    JsonObject inactive = createRule(base.copy().put("titleId", title).put("active", false));
    assertThat(inactive.getJsonObject("title").getString("id")).isEqualTo(title);
    assertThat(inactive.getBoolean("active")).isFalse();
  }

  @Test
  @DisplayName("updateRule changes description, rewards and active but refuses another eventName; deleteRule deactivates and keeps the rule")
  void ruleLifecycle() {
    String badge = createBadge("Lifecycle badge");
    JsonObject rule = createRule(new JsonObject().put("eventName", "lifecycle.step").put("description", "v1").put("pointsAwarded", 5));
    String id = rule.getString("id");
    assertThat(rule.getBoolean("active")).isTrue();

    JsonObject changed = admin.data(UPDATE_RULE, new JsonObject().put("id", id).put("i", new JsonObject()
      .put("eventName", "lifecycle.step").put("description", "v2 'quoted'").put("badgeId", badge))).getJsonObject("updateRule");
    assertThat(changed.getString("description")).isEqualTo("v2 'quoted'");
    assertThat(changed.getValue("pointsAwarded")).isNull();
    assertThat(changed.getJsonObject("badge").getString("id")).isEqualTo(badge);

    JsonObject renamed = admin.post(UPDATE_RULE, new JsonObject().put("id", id).put("i", new JsonObject()
      .put("eventName", "lifecycle.other").put("description", "v3").put("pointsAwarded", 1)));
    assertThat(errorCode(renamed)).isEqualTo("BAD_USER_INPUT");
    assertThat(firstError(renamed).getString("message")).contains("input.eventName");

    assertThat(admin.data(DELETE_RULE, new JsonObject().put("id", id)).getBoolean("deleteRule")).isTrue();
    JsonObject listed = find(admin.data("query($e: String) { rules(eventName: $e) { id active description } }",
      new JsonObject().put("e", "lifecycle.step")).getJsonArray("rules"), id);
    assertThat(listed.getBoolean("active")).isFalse();
    assertThat(listed.getString("description")).isEqualTo("v2 'quoted'");
    assertThat(admin.data(DELETE_RULE, new JsonObject().put("id", id)).getBoolean("deleteRule")).as("deleting twice is fine").isTrue();

    JsonObject reactivated = admin.data(UPDATE_RULE, new JsonObject().put("id", id).put("i", new JsonObject()
      .put("eventName", "lifecycle.step").put("description", "v4").put("pointsAwarded", 7).put("active", true))).getJsonObject("updateRule");
    assertThat(reactivated.getBoolean("active")).isTrue();
    assertThat(reactivated.getInteger("pointsAwarded")).isEqualTo(7);
  }

  @Test
  @DisplayName("the engine applies rules as the API changes them: new points for new events, none while deleted, history keeps the old points")
  void engineSeesRuleChanges() {
    String event = "mutation.applied_" + UUID.randomUUID().toString().substring(0, 8);
    String sentinelEvent = event + ".sentinel";
    String user = "engine-user-" + UUID.randomUUID();
    String id = createRule(new JsonObject().put("eventName", event).put("description", "ten").put("pointsAwarded", 10)).getString("id");
    createRule(new JsonObject().put("eventName", sentinelEvent).put("description", "sentinel").put("pointsAwarded", 1));

    SERVICE.events().send(event, user, "entity-1");
    Await.until("the new rule's 10 points are applied", () -> total(user) == 10);

    update(id, event, 25, true);
    SERVICE.events().send(event, user, "entity-2");
    Await.until("the updated rule's 25 points are applied", () -> total(user) == 35);

    admin.data(DELETE_RULE, new JsonObject().put("id", id));
    SERVICE.events().send(event, user, "entity-3");
    SERVICE.events().send(sentinelEvent, user, "sentinel-1");
    // same user, same partition: once the later sentinel is applied, the earlier event was processed too
    Await.until("the sentinel event is applied", () -> total(user) >= 36);
    assertThat(total(user)).as("a deleted rule grants nothing").isEqualTo(36);

    update(id, event, 40, true);
    SERVICE.events().send(event, user, "entity-4");
    Await.until("the reactivated rule's 40 points are applied", () -> total(user) == 76);

    JsonArray history = SERVICE.graphql(TestTokens.user(user)).data(
      "query($u: ID!) { pointsHistory(userId: $u, first: 10) { entries { points relatedEntityId rule { id pointsAwarded } } } }",
      new JsonObject().put("u", user)).getJsonObject("pointsHistory").getJsonArray("entries");
    List<Integer> points = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      points.add(history.getJsonObject(i).getInteger("points"));
    }
    assertThat(points).containsExactly(40, 1, 25, 10);
    assertThat(history.getJsonObject(3).getJsonObject("rule").getInteger("pointsAwarded")).as("the rule as it is now").isEqualTo(40);
  }

  @Test
  @DisplayName("equipTitle equips one of the caller's titles and unequips the rest; another title is NOT_FOUND; unequipTitle shows none")
  void equipAndUnequip() {
    String user = "wearer-" + UUID.randomUUID();
    GraphQLClient wearer = SERVICE.graphql(TestTokens.user(user));
    String first = createTitle("First title");
    String second = createTitle("Second title");
    String notHeld = createTitle("Not held");
    grant(user, first);
    grant(user, second);

    JsonObject equipped = wearer.data(EQUIP, new JsonObject().put("t", first)).getJsonObject("equipTitle");
    assertThat(equipped.getString("userId")).isEqualTo(user);
    assertThat(equipped.getJsonObject("equippedTitle").getString("id")).isEqualTo(first);

    JsonObject switched = wearer.data(EQUIP, new JsonObject().put("t", second)).getJsonObject("equipTitle");
    assertThat(switched.getJsonObject("equippedTitle").getString("id")).isEqualTo(second);
    assertThat(switched.getJsonArray("titles").stream().map(JsonObject.class::cast).filter(t -> t.getBoolean("isEquipped")))
      .hasSize(1);

    for (String foreign : List.of(notHeld, "987654321", "not-an-id")) {
      JsonObject refused = wearer.post(EQUIP, new JsonObject().put("t", foreign));
      assertThat(errorCode(refused)).isEqualTo("NOT_FOUND");
      assertThat(firstError(refused).getString("message")).contains("titleId");
    }
    assertThat(equippedOf(user)).containsExactly(Long.parseLong(second));

    JsonObject none = wearer.data(UNEQUIP, new JsonObject()).getJsonObject("unequipTitle");
    assertThat(none.getValue("equippedTitle")).isNull();
    assertThat(none.getJsonArray("titles").stream().map(JsonObject.class::cast).noneMatch(t -> t.getBoolean("isEquipped"))).isTrue();
    assertThat(equippedOf(user)).isEmpty();
  }

  @Test
  @DisplayName("concurrent equips of one user's titles all succeed and leave exactly one title equipped")
  void concurrentEquips() {
    String user = "racer-" + UUID.randomUUID();
    String bearer = "Bearer " + TestTokens.user(user);
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      titles.add(createTitle("Race title " + i));
      grant(user, titles.get(i));
    }
    // all 20 at once: a Vert.x client, whose requests do not wait for each other
    WebClient http = WebClient.create(SERVICE.vertx());
    try {
      List<Future<JsonObject>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(http.post(SERVICE.httpPort(), "127.0.0.1", "/graphql").putHeader("Authorization", bearer)
          .sendJsonObject(new JsonObject().put("query", EQUIP).put("variables", new JsonObject().put("t", titles.get(i % 4))))
          .map(response -> response.bodyAsJsonObject()));
      }
      for (JsonObject response : Await.result(Future.all(calls)).<JsonObject>list()) {
        assertThat(response.containsKey("errors")).as("errors: %s", response.getValue("errors")).isFalse();
      }
    } finally {
      http.close();
    }
    assertThat(equippedOf(user)).hasSize(1);
  }

  private void update(String id, String event, int points, boolean active) {
    admin.data(UPDATE_RULE, new JsonObject().put("id", id).put("i", new JsonObject()
      .put("eventName", event).put("description", "points " + points).put("pointsAwarded", points).put("active", active)));
  }

  private static JsonObject vars(JsonObject input) {
    return new JsonObject().put("i", input);
  }

  private String createBadge(String name) {
    return admin.data(CREATE_BADGE, vars(new JsonObject().put("name", name).put("description", "test")
      .put("iconUrl", "https://cdn.gigsy.test/b.png"))).getJsonObject("createBadge").getString("id");
  }

  private String createTitle(String name) {
    return admin.data(CREATE_TITLE, vars(new JsonObject().put("name", name).put("description", "test")))
      .getJsonObject("createTitle").getString("id");
  }

  private JsonObject createRule(JsonObject input) {
    return admin.data(CREATE_RULE, vars(input)).getJsonObject("createRule");
  }

  /** Gives the user a title, as the engine would. */
  private static void grant(String user, String titleId) {
    Await.result(SERVICE.db().preparedQuery("""
      WITH r AS (INSERT INTO gamification_rules (event_name, description, title_id) VALUES ('grant.title', 'grant', $2) RETURNING id)
      INSERT INTO user_titles (user_id, title_id, rule_id, event_id, created_by) SELECT $1, $2, id, $3, 'test' FROM r""")
      .execute(Tuple.of(user, Long.parseLong(titleId), UUID.randomUUID().toString())));
  }

  private static List<Long> equippedOf(String user) {
    List<Long> ids = new ArrayList<>();
    Await.result(SERVICE.db().preparedQuery("SELECT title_id FROM user_titles WHERE user_id = $1 AND is_equipped").execute(Tuple.of(user)))
      .forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }

  private static long total(String user) {
    return Await.result(SERVICE.db().preparedQuery("SELECT coalesce(sum(points), 0) FROM points_log WHERE user_id = $1")
      .execute(Tuple.of(user))).iterator().next().getLong(0);
  }

  private static long catalogRows() {
    return Await.result(SERVICE.db().query("SELECT (SELECT count(*) FROM badges) + (SELECT count(*) FROM titles) "
      + "+ (SELECT count(*) FROM gamification_rules) + (SELECT count(*) FILTER (WHERE active) FROM gamification_rules)").execute())
      .iterator().next().getLong(0);
  }

  private static JsonObject find(JsonArray items, String id) {
    return items.stream().map(JsonObject.class::cast).filter(item -> id.equals(item.getString("id"))).findFirst()
      .orElseThrow(() -> new AssertionError("no item " + id + " in " + items.encode()));
  }
}
