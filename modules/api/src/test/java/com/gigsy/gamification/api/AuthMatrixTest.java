package com.gigsy.gamification.api;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.GraphQLClient.Response;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import static com.gigsy.gamification.testing.GraphQLClient.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization matrix (CONTRACT §5, §6): anonymous, the user, another user and an admin against
 * every query, mutation and subscription, each with the outcome it must get. "The user" owns the
 * profile, history and rewards stream asked about, and holds the title being equipped.
 */
class AuthMatrixTest {

  enum Caller { ANONYMOUS, USER, OTHER_USER, ADMIN }

  /**
   * What a call gets. {@code PASSES_AUTH}: not refused by authentication or authorization (used for
   * recomputeLeaderboard, whose outcome afterwards depends on the leaderboard role, not deployed here).
   * {@code HIDDEN}: answered, but a field only some callers may see is null ({@code UserBadge.credentialUrl}).
   */
  enum Outcome { OK, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, PASSES_AUTH, HIDDEN }

  private static final String USER = "matrix-user-" + UUID.randomUUID();
  private static final String OTHER = "matrix-other-" + UUID.randomUUID();
  private static final String ADMIN_TOKEN = TestTokens.admin();

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE).configured(c -> c.with(Setting.ROLES, "api")
    .with(Setting.ISSUER_KEY, IssuerKeys.newKeyFile().toString()).with(Setting.PUBLIC_URL, "https://badges.matrix.test"));

  private static String badge;
  private static String title;
  private static String rule;
  private static String revokedTitle;
  private static String backfilledRule;
  private static String level;
  private static String deletedLevel;

  @BeforeAll
  static void catalog() {
    GraphQLClient admin = SERVICE.graphql(ADMIN_TOKEN);
    badge = admin.data("mutation { createBadge(input: {name: \"M\", description: \"d\", iconUrl: \"https://x.test/m.png\"}) { id } }",
      new JsonObject()).getJsonObject("createBadge").getString("id");
    title = admin.data("mutation { createTitle(input: {name: \"M\", description: \"d\"}) { id } }", new JsonObject())
      .getJsonObject("createTitle").getString("id");
    rule = admin.data("mutation { createRule(input: {eventName: \"matrix.event\", description: \"d\", pointsAwarded: 1}) { id } }",
      new JsonObject()).getJsonObject("createRule").getString("id");
    Await.result(SERVICE.db()
      .preparedQuery("INSERT INTO user_titles (user_id, title_id, rule_id, event_id, created_by) VALUES ($1, $2, $3, 'e', 't')")
      .execute(Tuple.of(USER, Long.parseLong(title), Long.parseLong(rule))));
    revokedTitle = admin.data("mutation { createTitle(input: {name: \"R\", description: \"d\"}) { id } }", new JsonObject())
      .getJsonObject("createTitle").getString("id");
    Await.result(SERVICE.db()
      .preparedQuery("INSERT INTO user_titles (user_id, title_id, rule_id, event_id, created_by) VALUES ($1, $2, $3, 'e', 't')")
      .execute(Tuple.of(USER, Long.parseLong(revokedTitle), Long.parseLong(rule))));
    Await.result(SERVICE.db()
      .preparedQuery("INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by) VALUES ($1, $2, $3, 'e', 't')")
      .execute(Tuple.of(USER, Long.parseLong(badge), Long.parseLong(rule))));
    // a badge the user keeps (the matrix revokes the first): its credentialUrl is the owner's and admins' only
    String kept = admin.data("mutation { createBadge(input: {name: \"K\", description: \"d\", iconUrl: \"https://x.test/k.png\"}) "
      + "{ id } }", new JsonObject()).getJsonObject("createBadge").getString("id");
    Await.result(SERVICE.db()
      .preparedQuery("INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by) VALUES ($1, $2, $3, 'e', 't')")
      .execute(Tuple.of(USER, Long.parseLong(kept), Long.parseLong(rule))));
    backfilledRule = admin.data("mutation { createRule(input: {eventName: \"matrix.backfilled\", description: \"d\", "
      + "pointsAwarded: 1}) { id } }", new JsonObject()).getJsonObject("createRule").getString("id");
    level = level(admin, "matrix level");
    deletedLevel = level(admin, "matrix deleted level");
  }

  private static String level(GraphQLClient admin, String name) {
    return admin.data("mutation($i: LevelInput!) { createLevel(input: $i) { id } }", new JsonObject().put("i",
      new JsonObject().put("name", name).put("minPoints", 1_000_000_000L + new java.util.Random().nextInt(1_000_000))))
      .getJsonObject("createLevel").getString("id");
  }

  /** One row per operation: its document and the outcome for anonymous, the user, another user and an admin. */
  private record Row(String operation, String document, Outcome anonymous, Outcome user, Outcome other, Outcome admin) {

    Outcome expected(Caller caller) {
      return switch (caller) {
        case ANONYMOUS -> anonymous;
        case USER -> user;
        case OTHER_USER -> other;
        case ADMIN -> admin;
      };
    }
  }

  private static List<Row> rows() {
    Outcome ok = Outcome.OK;
    Outcome anon = Outcome.UNAUTHENTICATED;
    Outcome forbidden = Outcome.FORBIDDEN;
    String u = "\"" + USER + "\"";
    String badgeInput = "{name: \"N\", description: \"d\", iconUrl: \"https://x.test/n.png\"}";
    String ruleInput = "{eventName: \"matrix.event\", description: \"d\", pointsAwarded: 2}";
    return List.of(
      new Row("query gamificationProfile", "{ gamificationProfile(userId: " + u + ") { totalPoints } }", anon, ok, ok, ok),
      new Row("field UserBadge.credentialUrl", "{ gamificationProfile(userId: " + u + ") { badges { credentialUrl } } }",
        anon, ok, Outcome.HIDDEN, ok),
      new Row("query leaderboard", "{ leaderboard { entries { rank } } }", anon, ok, ok, ok),
      new Row("query leaderboard of a window", "{ leaderboard(window: WEEK) { entries { rank } } }", anon, ok, ok, ok),
      new Row("query leaderboardAround", "{ leaderboardAround(userId: " + u + ") { entries { rank } } }", anon, ok, ok, ok),
      new Row("query totalsReconciliation", "{ totalsReconciliation { consistent } }", anon, forbidden, forbidden, ok),
      new Row("query rules", "{ rules { id } }", anon, ok, ok, ok),
      new Row("query badges", "{ badges { id } }", anon, ok, ok, ok),
      new Row("query titles", "{ titles { id } }", anon, ok, ok, ok),
      new Row("query pointsHistory", "{ pointsHistory(userId: " + u + ") { entries { id } } }", anon, ok, forbidden, ok),
      new Row("mutation createBadge", "mutation { createBadge(input: " + badgeInput + ") { id } }", anon, forbidden, forbidden, ok),
      new Row("mutation updateBadge", "mutation { updateBadge(id: \"" + badge + "\", input: " + badgeInput + ") { id } }", anon, forbidden, forbidden, ok),
      new Row("mutation createTitle", "mutation { createTitle(input: {name: \"N\", description: \"d\"}) { id } }", anon, forbidden, forbidden, ok),
      new Row("mutation updateTitle", "mutation { updateTitle(id: \"" + title + "\", input: {name: \"M\", description: \"d\"}) { id } }",
        anon, forbidden, forbidden, ok),
      new Row("mutation createRule", "mutation { createRule(input: " + ruleInput + ") { id } }", anon, forbidden, forbidden, ok),
      new Row("mutation updateRule", "mutation { updateRule(id: \"" + rule + "\", input: " + ruleInput + ") { id } }", anon, forbidden, forbidden, ok),
      new Row("mutation deleteRule", "mutation { deleteRule(id: \"" + rule + "\") }", anon, forbidden, forbidden, ok),
      new Row("mutation equipTitle (a title the user holds)", "mutation { equipTitle(titleId: \"" + title + "\") { userId } }",
        anon, ok, Outcome.NOT_FOUND, Outcome.NOT_FOUND),
      new Row("mutation unequipTitle", "mutation { unequipTitle { userId } }", anon, ok, ok, ok),
      new Row("mutation setLeaderboardExclusion", "mutation { setLeaderboardExclusion(userId: \"matrix-bot\", excluded: true) { rank } }",
        anon, forbidden, forbidden, ok),
      new Row("mutation recomputeLeaderboard", "mutation { recomputeLeaderboard { computedAt } }", anon, forbidden, forbidden, Outcome.PASSES_AUTH),
      new Row("subscription rewardGranted", "subscription { rewardGranted(userId: " + u + ") { rewardId } }", anon, ok, forbidden, ok),
      new Row("query levels", "{ levels { id } }", anon, ok, ok, ok),
      new Row("query rewards", "{ rewards(userId: " + u + ") { entries { rewardId } } }", anon, ok, forbidden, ok),
      new Row("query job", "{ job(id: \"1\") { id } }", anon, forbidden, forbidden, ok),
      new Row("query jobs", "{ jobs { id } }", anon, forbidden, forbidden, ok),
      new Row("query auditLog", "{ auditLog { entries { id } } }", anon, forbidden, forbidden, ok),
      new Row("mutation createLevel", "mutation { createLevel(input: {name: \"L\", minPoints: " + (2_000_000_000L
        + new java.util.Random().nextInt(1_000_000)) + "}) { id } }", anon, forbidden, forbidden, ok),
      new Row("mutation updateLevel", "mutation { updateLevel(id: \"" + level + "\", input: {name: \"L2\", minPoints: "
        + (3_000_000_000L + new java.util.Random().nextInt(1_000_000)) + "}) { id } }", anon, forbidden, forbidden, ok),
      new Row("mutation deleteLevel", "mutation { deleteLevel(id: \"" + deletedLevel + "\") }", anon, forbidden, forbidden, ok),
      new Row("mutation adjustPoints", "mutation { adjustPoints(userId: " + u + ", points: 1, reason: \"r\") { id } }",
        anon, forbidden, forbidden, ok),
      new Row("mutation revokeBadge (one the user holds)", "mutation { revokeBadge(userId: " + u + ", badgeId: \"" + badge
        + "\", reason: \"r\") { userId } }", anon, forbidden, forbidden, ok),
      new Row("mutation revokeTitle (one the user holds)", "mutation { revokeTitle(userId: " + u + ", titleId: \"" + revokedTitle
        + "\", reason: \"r\") { userId } }", anon, forbidden, forbidden, ok),
      new Row("mutation backfillRule", "mutation { backfillRule(ruleId: \"" + backfilledRule + "\") { id } }",
        anon, forbidden, forbidden, ok),
      new Row("mutation eraseUser", "mutation { eraseUser(userId: \"matrix-erased-" + UUID.randomUUID() + "\") }",
        anon, forbidden, forbidden, ok));
  }

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (Row row : rows()) {
      for (Caller caller : Caller.values()) {
        cases.add(Arguments.of(row.operation(), caller, row.expected(caller), row.document()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} as {1}: {2}")
  @MethodSource("matrix")
  @DisplayName("every operation gives each kind of caller the outcome of the matrix")
  void authorization(String operation, Caller caller, Outcome expected, String document) {
    Outcome actual = document.startsWith("subscription") ? overWebSocket(caller, document) : overHttp(caller, document);

    if (expected == Outcome.PASSES_AUTH) {
      assertThat(actual).isNotIn(Outcome.UNAUTHENTICATED, Outcome.FORBIDDEN);
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }

  private static Outcome overHttp(Caller caller, String document) {
    Response response = SERVICE.graphql(token(caller)).send(document, new JsonObject());
    JsonObject body = response.json();
    if (response.status() == 401) {
      assertThat(errorCode(body)).isEqualTo("UNAUTHENTICATED");
      return Outcome.UNAUTHENTICATED;
    }
    assertThat(response.status()).isEqualTo(200);
    if (body.containsKey("errors")) {
      return outcomeOf(errorCode(body));
    }
    return document.contains("credentialUrl") ? credentialUrlOutcome(body) : Outcome.OK;
  }

  /** OK when every badge of the profile has its credentialUrl, HIDDEN when they are null. */
  private static Outcome credentialUrlOutcome(JsonObject body) {
    List<Object> urls = body.getJsonObject("data").getJsonObject("gamificationProfile").getJsonArray("badges").stream()
      .map(badge -> ((JsonObject) badge).getValue("credentialUrl")).toList();
    assertThat(urls).as("the user holds badges").isNotEmpty();
    if (urls.stream().allMatch(Objects::isNull)) {
      return Outcome.HIDDEN;
    }
    assertThat(urls).as("every badge has its credential").doesNotContainNull();
    return Outcome.OK;
  }

  private static Outcome overWebSocket(Caller caller, String document) {
    try (SubscriptionTest.GraphQLSocket socket = SubscriptionTest.GraphQLSocket.open(SERVICE)) {
      String token = token(caller);
      if (token == null) {
        socket.init(null);
        assertThat(socket.awaitClose(Duration.ofSeconds(10))).isEqualTo((short) 4401);
        return Outcome.UNAUTHENTICATED;
      }
      socket.initAndAwaitAck(token);
      socket.subscribe("m", document, new JsonObject());
      JsonObject message = socket.nextMessage(Duration.ofSeconds(1));
      if (message == null) {
        assertThat(socket.isClosed()).as("the subscription stays open").isFalse();
        return Outcome.OK;
      }
      String code = SubscriptionTest.GraphQLSocket.errorCode(message);
      assertThat(code).as("message %s", message.encode()).isNotNull();
      return outcomeOf(code);
    }
  }

  private static Outcome outcomeOf(String code) {
    return switch (code) {
      case "UNAUTHENTICATED" -> Outcome.UNAUTHENTICATED;
      case "FORBIDDEN" -> Outcome.FORBIDDEN;
      case "NOT_FOUND" -> Outcome.NOT_FOUND;
      default -> Outcome.PASSES_AUTH;
    };
  }

  private static String token(Caller caller) {
    return switch (caller) {
      case ANONYMOUS -> null;
      case USER -> TestTokens.user(USER);
      case OTHER_USER -> TestTokens.user(OTHER);
      case ADMIN -> ADMIN_TOKEN;
    };
  }
}
