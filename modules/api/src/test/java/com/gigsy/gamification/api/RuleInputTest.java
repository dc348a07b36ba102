package com.gigsy.gamification.api;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule additions of CONTRACT §7 through createRule, updateRule and rules: every validation case answers
 * BAD_USER_INPUT naming the field and writes nothing; every field is read back as it was set; updateRule replaces
 * conditions, window and cap, and refuses to change what a rule counts (its event name, threshold or streak).
 */
class RuleInputTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE).configured(c -> c.with(Setting.ROLES, "api"));

  private static final String RULE_FIELDS = """
    id eventName description active pointsAwarded badge { id } title { id }
    conditions { attribute op value values } pointsFromAttribute pointsMultiplier validFrom validUntil
    cap { count period } threshold streak { length period }""";
  private static final String CREATE_RULE = "mutation($i: RuleInput!) { createRule(input: $i) { " + RULE_FIELDS + " } }";
  private static final String UPDATE_RULE = "mutation($id: ID!, $i: RuleInput!) { updateRule(id: $id, input: $i) { "
    + RULE_FIELDS + " } }";
  private static final String RULES = "query($e: String) { rules(eventName: $e) { " + RULE_FIELDS + " } }";

  static Stream<Arguments> invalidRules() {
    return Stream.of(
      invalid("EQ without a value", withCondition(cond("level", "EQ")), "input.conditions[0].value"),
      invalid("GTE without a value", withCondition(cond("score", "GTE")), "input.conditions[0].value"),
      invalid("IN without values", withCondition(cond("track", "IN")), "input.conditions[0].values"),
      invalid("IN with an empty list", withCondition(cond("track", "IN").put("values", new JsonArray())),
        "input.conditions[0].values"),
      invalid("IN with 101 values", withCondition(cond("track", "IN").put("values", strings(101))),
        "input.conditions[0].values"),
      invalid("GT with a word", withCondition(cond("score", "GT").put("value", "ninety")), "input.conditions[0].value"),
      invalid("LTE with a hexadecimal number", withCondition(cond("score", "LTE").put("value", "0x10")),
        "input.conditions[0].value"),
      invalid("LT with a number of a million digits", withCondition(cond("score", "LT").put("value", "1e-999999")),
        "input.conditions[0].value"),
      invalid("GTE with an empty value", withCondition(cond("score", "GTE").put("value", "")), "input.conditions[0].value"),
      invalid("values with EQ", withCondition(cond("level", "EQ").put("value", "gold").put("values", List.of("gold"))),
        "input.conditions[0].values"),
      invalid("values with GT", withCondition(cond("score", "GT").put("value", "1").put("values", List.of("2"))),
        "input.conditions[0].values"),
      invalid("a value with IN", withCondition(cond("track", "IN").put("value", "java").put("values", List.of("java"))),
        "input.conditions[0].value"),
      invalid("a value with EXISTS", withCondition(cond("promo", "EXISTS").put("value", "x")), "input.conditions[0].value"),
      invalid("values with EXISTS", withCondition(cond("promo", "EXISTS").put("values", List.of("x"))),
        "input.conditions[0].values"),
      invalid("the third condition's missing value", base().put("conditions", new JsonArray()
        .add(cond("a", "EXISTS")).add(cond("b", "EQ").put("value", "x")).add(cond("c", "NE"))), "input.conditions[2].value"),
      invalid("a control character in a value", withCondition(cond("level", "EQ").put("value", "go\u0001ld")),
        "input.conditions[0].value"),
      invalid("a control character in a list", withCondition(cond("track", "IN").put("values", List.of("java", "g\no"))),
        "input.conditions[0].values[1]"),
      invalid("a value of 257 characters", withCondition(cond("level", "EQ").put("value", "v".repeat(257))),
        "input.conditions[0].value"),
      invalid("11 conditions", base().put("conditions", conditions(11)), "input.conditions"),
      invalid("an attribute with a dash", withCondition(cond("course-score", "EXISTS")), "input.conditions[0].attribute"),
      invalid("an attribute starting with a digit", withCondition(cond("1st", "EXISTS")), "input.conditions[0].attribute"),
      invalid("an empty attribute", withCondition(cond("", "EXISTS")), "input.conditions[0].attribute"),
      invalid("an attribute of 65 characters", withCondition(cond("a".repeat(65), "EXISTS")),
        "input.conditions[0].attribute"),
      invalid("validUntil equal to validFrom", base().put("validFrom", "2026-12-01T00:00:00Z")
        .put("validUntil", "2026-12-01T00:00:00Z"), "input.validUntil"),
      invalid("validUntil before validFrom", base().put("validFrom", "2026-12-01T00:00:00Z")
        .put("validUntil", "2026-11-30T23:59:59Z"), "input.validUntil"),
      invalid("a window equal at PostgreSQL's precision", base().put("validFrom", "2026-12-01T00:00:00.0000001Z")
        .put("validUntil", "2026-12-01T00:00:00.0000009Z"), "input.validUntil"),
      invalid("validFrom before 1970", base().put("validFrom", "1969-12-31T23:59:59Z"), "input.validFrom"),
      invalid("validUntil after 9999", base().put("validUntil", "+10000-01-01T00:00:00Z"), "input.validUntil"),
      invalid("a cap of 0", base().put("cap", cap(0, "DAY")), "input.cap.count"),
      invalid("a cap of -1", base().put("cap", cap(-1, "ALL_TIME")), "input.cap.count"),
      invalid("threshold 1", base().put("threshold", 1), "input.threshold"),
      invalid("threshold 1,000,001", base().put("threshold", 1_000_001), "input.threshold"),
      invalid("a streak of 1", base().put("streak", streak(1, "DAY")), "input.streak.length"),
      invalid("a streak of 1,001", base().put("streak", streak(1_001, "WEEK")), "input.streak.length"),
      invalid("threshold with streak", base().put("threshold", 5).put("streak", streak(7, "DAY")), "input.streak"),
      invalid("cap with threshold", base().put("threshold", 5).put("cap", cap(1, "DAY")), "input.cap"),
      invalid("cap with streak", base().put("streak", streak(7, "DAY")).put("cap", cap(1, "DAY")), "input.cap"),
      invalid("pointsFromAttribute with pointsAwarded", base().put("pointsFromAttribute", "amount"),
        "input.pointsFromAttribute"),
      invalid("pointsFromAttribute that is no attribute name", noPoints().put("pointsFromAttribute", "amount.usd"),
        "input.pointsFromAttribute"),
      invalid("a multiplier without pointsFromAttribute", base().put("pointsMultiplier", 2.0), "input.pointsMultiplier"),
      invalid("a multiplier of 0", noPoints().put("pointsFromAttribute", "amount").put("pointsMultiplier", 0.0),
        "input.pointsMultiplier"),
      invalid("a negative multiplier", noPoints().put("pointsFromAttribute", "amount").put("pointsMultiplier", -0.5),
        "input.pointsMultiplier"),
      invalid("a rule with no reward", noPoints().put("threshold", 5), "'input'"),
      invalid("a multiplier as the only reward", noPoints().put("pointsMultiplier", 2.0), "input.pointsMultiplier"));
  }

  @ParameterizedTest(name = "{0} is BAD_USER_INPUT naming {2}")
  @MethodSource("invalidRules")
  @DisplayName("every invalid rule is refused with BAD_USER_INPUT naming the field, by createRule and updateRule alike, "
    + "and nothing is written")
  void invalidRule(String description, JsonObject input, String field) {
    String existing = create(base().put("eventName", input.getString("eventName"))).getString("id");
    long rulesBefore = ruleCount();

    JsonObject created = admin().post(CREATE_RULE, new JsonObject().put("i", input));
    JsonObject updated = admin().post(UPDATE_RULE, new JsonObject().put("id", existing).put("i", input));

    for (JsonObject response : List.of(created, updated)) {
      assertThat(response.getJsonArray("errors")).as("%s", response.encode()).hasSize(1);
      JsonObject error = response.getJsonArray("errors").getJsonObject(0);
      assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BAD_USER_INPUT");
      assertThat(error.getString("message")).contains(field);
      assertThat(response.getValue("data")).isNull();
    }
    assertThat(ruleCount()).isEqualTo(rulesBefore);
    assertThat(rules(input.getString("eventName"))).singleElement()
      .satisfies(rule -> assertThat(rule.getInteger("pointsAwarded")).isEqualTo(10));
  }

  @Test
  @DisplayName("the edges are accepted: threshold 2 and 1,000,000, streak 2 and 1,000, cap 1, 10 conditions, "
    + "100 values, 256 characters, an attribute of 64 characters, a one-microsecond window")
  void edgesAccepted() {
    String longName = "_" + "a".repeat(63);
    List<JsonObject> inputs = List.of(
      noPoints().put("badgeId", badge()).put("threshold", 2),
      noPoints().put("badgeId", badge()).put("threshold", 1_000_000),
      noPoints().put("badgeId", badge()).put("streak", streak(2, "WEEK")),
      noPoints().put("badgeId", badge()).put("streak", streak(1_000, "DAY")),
      base().put("cap", cap(1, "ALL_TIME")),
      base().put("conditions", conditions(10)),
      withCondition(cond("track", "IN").put("values", strings(100))),
      withCondition(cond(longName, "EQ").put("value", "é".repeat(256))),
      noPoints().put("pointsFromAttribute", longName).put("pointsMultiplier", 4.9e-324),
      base().put("validFrom", "2026-12-01T00:00:00Z").put("validUntil", "2026-12-01T00:00:00.000001Z"));

    for (JsonObject input : inputs) {
      JsonObject response = admin().post(CREATE_RULE, new JsonObject().put("i", input));
      assertThat(response.containsKey("errors")).as("%s -> %s", input.encode(), response.encode()).isFalse();
    }
  }

  @Test
  @DisplayName("every field of a rule is read back as it was set, by createRule and rules; the engine's numbers are "
    + "stored beside the conditions")
  void roundTrip() {
    String eventName = eventName();
    String badge = badge();
    JsonArray conditions = new JsonArray()
      .add(cond("level", "EQ").put("value", "gold"))
      .add(cond("plan", "NE").put("value", "trial"))
      .add(cond("score", "GTE").put("value", "90"))
      .add(cond("amount", "LT").put("value", "1e3"))
      .add(cond("track", "IN").put("values", List.of("java", "10", "2.50")))
      .add(cond("promo", "EXISTS"));
    JsonObject input = noPoints().put("eventName", eventName).put("description", "10 % of the amount, 3 a week")
      .put("badgeId", badge).put("active", false).put("conditions", conditions).put("pointsFromAttribute", "amount")
      .put("pointsMultiplier", 0.1).put("validFrom", "2026-12-01T01:00:00+01:00")
      .put("validUntil", "2027-01-01T00:00:00.123456789Z").put("cap", cap(3, "WEEK"));

    JsonObject created = create(input);

    JsonObject expected = new JsonObject().put("id", created.getString("id")).put("eventName", eventName)
      .put("description", "10 % of the amount, 3 a week").put("active", false).putNull("pointsAwarded")
      .put("badge", new JsonObject().put("id", badge)).putNull("title")
      .put("conditions", new JsonArray()
        .add(condition("level", "EQ", "gold", null))
        .add(condition("plan", "NE", "trial", null))
        .add(condition("score", "GTE", "90", null))
        .add(condition("amount", "LT", "1e3", null))
        .add(condition("track", "IN", null, List.of("java", "10", "2.50")))
        .add(condition("promo", "EXISTS", null, null)))
      .put("pointsFromAttribute", "amount").put("pointsMultiplier", 0.1)
      .put("validFrom", "2026-12-01T00:00:00Z").put("validUntil", "2027-01-01T00:00:00.123456Z")
      .put("cap", cap(3, "WEEK")).putNull("threshold").putNull("streak");
    assertThat(created).isEqualTo(expected);
    assertThat(rules(eventName)).containsExactly(expected);

    JsonArray stored = storedConditions(created.getString("id"));
    assertThat(stored.getJsonObject(0).containsKey("number")).as("'gold' is no number").isFalse();
    assertThat(stored.getJsonObject(2).getString("number")).isEqualTo("90");
    assertThat(stored.getJsonObject(3).getString("number")).isEqualTo("1000");
    assertThat(stored.getJsonObject(4).getJsonArray("numbers")).containsExactly("10", "2.50");
    assertThat(stored.getJsonObject(5).fieldNames()).containsExactlyInAnyOrder("attribute", "op");

    JsonObject milestone = create(noPoints().put("eventName", eventName).put("badgeId", badge).put("threshold", 5));
    JsonObject streak = create(base().put("eventName", eventName).put("streak", streak(7, "DAY")));
    assertThat(milestone.getInteger("threshold")).isEqualTo(5);
    assertThat(milestone.getJsonArray("conditions")).isEmpty();
    assertThat(milestone.getValue("pointsMultiplier")).isNull();
    assertThat(streak.getJsonObject("streak")).isEqualTo(streak(7, "DAY"));
    assertThat(rules(eventName)).containsExactly(expected, milestone, streak);
  }

  @Test
  @DisplayName("updateRule replaces conditions, window, cap and rewards, keeping a milestone's threshold and a "
    + "streak as they are")
  void updateReplaces() {
    String eventName = eventName();
    JsonObject plain = base().put("eventName", eventName).put("conditions", new JsonArray().add(cond("score", "GT")
      .put("value", "50"))).put("validFrom", "2026-12-01T00:00:00Z").put("validUntil", "2027-01-01T00:00:00Z")
      .put("cap", cap(10, "DAY"));
    String id = create(plain).getString("id");

    JsonObject changed = update(id, base().put("eventName", eventName).put("description", "changed")
      .put("conditions", new JsonArray().add(cond("track", "IN").put("values", List.of("java"))))
      .put("validUntil", "2027-02-01T00:00:00Z").put("cap", cap(2, "MONTH")));
    assertThat(changed.getString("description")).isEqualTo("changed");
    assertThat(changed.getJsonArray("conditions")).containsExactly(condition("track", "IN", null, List.of("java")));
    assertThat(changed.getValue("validFrom")).as("a full replacement: left out is cleared").isNull();
    assertThat(changed.getString("validUntil")).isEqualTo("2027-02-01T00:00:00Z");
    assertThat(changed.getJsonObject("cap")).isEqualTo(cap(2, "MONTH"));

    JsonObject cleared = update(id, noPoints().put("eventName", eventName).put("pointsFromAttribute", "amount")
      .put("pointsMultiplier", 2.5));
    assertThat(cleared.getJsonArray("conditions")).isEmpty();
    assertThat(cleared.getValue("cap")).isNull();
    assertThat(cleared.getValue("validUntil")).isNull();
    assertThat(cleared.getValue("pointsAwarded")).isNull();
    assertThat(cleared.getDouble("pointsMultiplier")).isEqualTo(2.5);
    assertThat(rules(eventName)).containsExactly(cleared);

    String badge = badge();
    String milestone = create(noPoints().put("eventName", eventName).put("badgeId", badge).put("threshold", 5))
      .getString("id");
    JsonObject renamed = update(milestone, noPoints().put("eventName", eventName).put("badgeId", badge)
      .put("threshold", 5).put("description", "five").put("conditions", new JsonArray().add(cond("ok", "EXISTS"))));
    assertThat(renamed.getString("description")).isEqualTo("five");
    assertThat(renamed.getInteger("threshold")).isEqualTo(5);
    String streak = create(base().put("eventName", eventName).put("streak", streak(7, "DAY"))).getString("id");
    assertThat(update(streak, base().put("eventName", eventName).put("streak", streak(7, "DAY")).put("active", false))
      .getBoolean("active")).isFalse();
  }

  @Test
  @DisplayName("updateRule refuses to change a rule's event name, threshold or streak, to or from none, naming the field")
  void updateRefusesWhatARuleCounts() {
    String eventName = eventName();
    String badge = badge();
    String plain = create(base().put("eventName", eventName)).getString("id");
    String milestone = create(noPoints().put("eventName", eventName).put("badgeId", badge).put("threshold", 5))
      .getString("id");
    String streak = create(base().put("eventName", eventName).put("streak", streak(7, "DAY"))).getString("id");
    List<JsonObject> before = rules(eventName);

    assertRefused(plain, base().put("eventName", eventName + ".other"), "input.eventName");
    assertRefused(plain, base().put("eventName", eventName).put("threshold", 5), "input.threshold");
    assertRefused(plain, base().put("eventName", eventName).put("streak", streak(7, "DAY")), "input.streak");
    assertRefused(milestone, noPoints().put("eventName", eventName).put("badgeId", badge).put("threshold", 6),
      "input.threshold");
    assertRefused(milestone, noPoints().put("eventName", eventName).put("badgeId", badge), "input.threshold");
    assertRefused(streak, base().put("eventName", eventName).put("streak", streak(8, "DAY")), "input.streak");
    assertRefused(streak, base().put("eventName", eventName).put("streak", streak(7, "WEEK")), "input.streak");
    assertRefused(streak, base().put("eventName", eventName), "input.streak");

    assertThat(rules(eventName)).isEqualTo(before);
  }

  // --- helpers

  private static Arguments invalid(String description, JsonObject input, String field) {
    return Arguments.of(description, input, field);
  }

  /** A valid plain rule of 10 points on an event name of its own. */
  private static JsonObject base() {
    return new JsonObject().put("eventName", eventName()).put("description", "a rule").put("pointsAwarded", 10);
  }

  private static JsonObject noPoints() {
    JsonObject input = base();
    input.remove("pointsAwarded");
    return input;
  }

  private static JsonObject withCondition(JsonObject condition) {
    return base().put("conditions", new JsonArray().add(condition));
  }

  private static String eventName() {
    return "rule_input.t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static JsonObject cond(String attribute, String op) {
    return new JsonObject().put("attribute", attribute).put("op", op);
  }

  /** A condition as GraphQL answers it. */
  private static JsonObject condition(String attribute, String op, String value, List<String> values) {
    return cond(attribute, op).put("value", value).put("values", values == null ? null : new JsonArray(values));
  }

  private static JsonArray conditions(int count) {
    JsonArray conditions = new JsonArray();
    for (int i = 0; i < count; i++) {
      conditions.add(cond("a" + i, "EXISTS"));
    }
    return conditions;
  }

  private static JsonArray strings(int count) {
    JsonArray values = new JsonArray();
    for (int i = 0; i < count; i++) {
      values.add("v" + i);
    }
    return values;
  }

  private static JsonObject cap(int count, String period) {
    return new JsonObject().put("count", count).put("period", period);
  }

  private static JsonObject streak(int length, String period) {
    return new JsonObject().put("length", length).put("period", period);
  }

  private static GraphQLClient admin() {
    return SERVICE.admin();
  }

  private static JsonObject create(JsonObject input) {
    return admin().data(CREATE_RULE, new JsonObject().put("i", input)).getJsonObject("createRule");
  }

  private static JsonObject update(String id, JsonObject input) {
    return admin().data(UPDATE_RULE, new JsonObject().put("id", id).put("i", input)).getJsonObject("updateRule");
  }

  private static void assertRefused(String id, JsonObject input, String field) {
    JsonObject response = admin().post(UPDATE_RULE, new JsonObject().put("id", id).put("i", input));
    assertThat(response.getJsonArray("errors")).as("%s", response.encode()).hasSize(1);
    JsonObject error = response.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BAD_USER_INPUT");
    assertThat(error.getString("message")).contains(field).contains("create a new rule");
  }

  private static List<JsonObject> rules(String eventName) {
    JsonArray rules = admin().data(RULES, new JsonObject().put("e", eventName)).getJsonArray("rules");
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      list.add(rules.getJsonObject(i));
    }
    return list;
  }

  private static String badge() {
    return admin().data("mutation { createBadge(input: {name: \"b\", description: \"d\", "
      + "iconUrl: \"https://cdn.gigsy.test/b.png\"}) { id } }", new JsonObject()).getJsonObject("createBadge")
      .getString("id");
  }

  private static long ruleCount() {
    return Await.result(SERVICE.db().query("SELECT count(*) FROM gamification_rules").execute()).iterator().next()
      .getLong(0);
  }

  private static JsonArray storedConditions(String id) {
    Row row = Await.result(SERVICE.db().preparedQuery("SELECT conditions FROM gamification_rules WHERE id = $1")
      .execute(Tuple.of(Long.parseLong(id)))).iterator().next();
    return row.getJsonArray(0);
  }
}
