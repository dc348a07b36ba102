package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.gigsy.gamification.leaderboard.LeaderboardFixture.describe;
import static com.gigsy.gamification.leaderboard.LeaderboardFixture.entries;
import static com.gigsy.gamification.testing.GraphQLClient.errorCode;
import static com.gigsy.gamification.testing.GraphQLClient.firstError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ranks, ties, ordering, exclusions and the arguments of the leaderboard queries, on the api and
 * leaderboard roles with a database of each test's own; points are written straight into PostgreSQL.
 */
class LeaderboardRankingTest {

  private static final int SIZE = 10;
  private static final String PROFILE = "query($u: ID!) { gamificationProfile(userId: $u) { totalPoints rank } }";

  @RegisterExtension
  final TestService service = TestService.of(AllRoles.SERVICE).configured(c -> c
    .with(Setting.ROLES, "leaderboard,api")
    .with(Setting.LEADERBOARD_SIZE, Integer.toString(SIZE)));

  private LeaderboardFixture fixture;
  private GraphQLClient admin;
  private GraphQLClient user;

  @BeforeEach
  void fixture() {
    fixture = new LeaderboardFixture(service.db());
    admin = service.admin();
    user = service.graphql(TestTokens.user("reader"));
  }

  private JsonObject recompute() {
    return admin.data(LeaderboardFixture.RECOMPUTE, new JsonObject()).getJsonObject("recomputeLeaderboard");
  }

  private JsonObject board(Integer limit) {
    return user.data(LeaderboardFixture.BOARD, new JsonObject().put("n", limit)).getJsonObject("leaderboard");
  }

  private JsonObject profile(String userId) {
    return user.data(PROFILE, new JsonObject().put("u", userId)).getJsonObject("gamificationProfile");
  }

  private JsonObject around(String userId, int radius) {
    return user.data(LeaderboardFixture.AROUND, new JsonObject().put("u", userId).put("r", radius)).getJsonObject("leaderboardAround");
  }

  @Test
  @DisplayName("ties share a rank (1, 2, 2, 2, 5) and are ordered by user id in byte order: 'B' < '_' < 'a'")
  void tiesAndByteOrder() {
    fixture.grant("a", 50);
    fixture.grant("Z", 10);
    fixture.grant("_", 50);
    fixture.grant("c", 70);
    fixture.grant("B", 50);

    JsonObject recomputed = recompute();
    JsonObject board = board(null);

    List<String> expected = List.of("c:1:70", "B:2:50", "_:2:50", "a:2:50", "Z:5:10");
    assertThat(describe(entries(recomputed))).isEqualTo(expected);
    assertThat(describe(entries(board))).isEqualTo(expected);
    assertThat(board.getString("computedAt")).isEqualTo(recomputed.getString("computedAt"));
    assertThat(board.getValue("periodStart")).isNull();
    assertThat(profile("B").getInteger("rank")).isEqualTo(2);
    assertThat(profile("a").getInteger("rank")).isEqualTo(2);
    assertThat(profile("Z").getInteger("rank")).isEqualTo(5);
    assertThat(profile("nobody").getValue("rank")).as("no points, no rank").isNull();
  }

  @Test
  @DisplayName("any user with points has a rank and neighbours, also far outside the top the board shows")
  void rankOutsideTheTop() {
    for (int i = 1; i <= 30; i++) {
      fixture.grant(String.format("user-%02d", i), 1000 - i);
    }
    recompute();

    assertThat(entries(board(3))).hasSize(3);
    assertThat(entries(board(null))).as("the default limit is lowered to the configured size").hasSize(SIZE);
    assertThat(profile("user-25").getInteger("rank")).isEqualTo(25);
    assertThat(profile("user-25").getLong("totalPoints")).isEqualTo(975);
    assertThat(describe(entries(around("user-25", 2))))
      .containsExactly("user-23:23:977", "user-24:24:976", "user-25:25:975", "user-26:26:974", "user-27:27:973");
    assertThat(describe(entries(around("user-01", 1)))).containsExactly("user-01:1:999", "user-02:2:998");
    assertThat(describe(entries(around("user-30", 1)))).containsExactly("user-29:29:971", "user-30:30:970");
    assertThat(describe(entries(around("user-30", 0)))).containsExactly("user-30:30:970");
    JsonObject absent = around("nobody", 5);
    assertThat(absent.getString("computedAt")).isNotNull();
    assertThat(entries(absent)).isEmpty();
  }

  @Test
  @DisplayName("limit 0 or above GAMIFICATION_LEADERBOARD_SIZE, and radius below 0 or above 100, are BAD_USER_INPUT")
  void argumentsOutOfRange() {
    assertThat(user.post(LeaderboardFixture.BOARD, new JsonObject().put("n", SIZE)).containsKey("errors")).isFalse();
    for (int limit : new int[] {0, -1, SIZE + 1}) {
      assertBadUserInput(user.post(LeaderboardFixture.BOARD, new JsonObject().put("n", limit)), "limit");
    }
    for (int radius : new int[] {-1, 101}) {
      assertBadUserInput(user.post(LeaderboardFixture.AROUND, new JsonObject().put("u", "x").put("r", radius)), "radius");
    }
    assertBadUserInput(user.post(LeaderboardFixture.AROUND, new JsonObject().put("u", "")), "userId");
  }

  private static void assertBadUserInput(JsonObject response, String argument) {
    assertThat(errorCode(response)).isEqualTo("BAD_USER_INPUT");
    assertThat(firstError(response).getString("message")).contains(argument);
  }

  @Test
  @DisplayName("a leaderboard query is rendered once per board version: repeats are answered from the cache, a new computation shows at once, a query reading more than the board is not cached")
  void answersRenderedOncePerVersion() {
    fixture.grant("ann", 500);
    fixture.grant("bob", 400);
    recompute();
    assertThat(describe(entries(board(null)))).containsExactly("ann:1:500", "bob:2:400");
    double before = cachedAnswers();
    for (int i = 0; i < 5; i++) {
      assertThat(describe(entries(board(null)))).containsExactly("ann:1:500", "bob:2:400");
    }
    assertThat(cachedAnswers() - before).as("the repeats came from the cache").isGreaterThanOrEqualTo(4);

    fixture.grant("bob", 200);
    recompute();
    assertThat(describe(entries(board(null)))).as("the new computation, at once").containsExactly("bob:1:600", "ann:2:500");
    assertThat(describe(entries(board(1)))).as("other variables, another answer").containsExactly("bob:1:600");

    double mixedBefore = cachedAnswers();
    String mixed = "query($u: ID!) { leaderboard(limit: 1) { entries { userId } } gamificationProfile(userId: $u) { totalPoints } }";
    for (int i = 0; i < 3; i++) {
      JsonObject data = user.data(mixed, new JsonObject().put("u", "ann"));
      assertThat(data.getJsonObject("gamificationProfile").getLong("totalPoints")).isEqualTo(500);
    }
    assertThat(cachedAnswers()).as("a query reading more than the board is executed each time").isEqualTo(mixedBefore);
  }

  /** The service's count of answers served from the cache ({@code /metrics}). */
  private double cachedAnswers() {
    String metrics = user.request("GET", "/metrics", java.util.Map.of(), null).body();
    return metrics.lines().filter(line -> line.startsWith("gamification_api_cached_answers_total"))
      .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  @DisplayName("an excluded user keeps their points but disappears at once and takes no rank; the others close the gap at the next computation")
  void exclusion() {
    fixture.grant("bot", 1_000_000);
    fixture.grant("ann", 500);
    fixture.grant("bob", 400);
    recompute();

    JsonObject excluded = admin.data("mutation($u: ID!) { setLeaderboardExclusion(userId: $u, excluded: true) { userId totalPoints rank } }",
      new JsonObject().put("u", "bot")).getJsonObject("setLeaderboardExclusion");

    assertThat(excluded.getLong("totalPoints")).isEqualTo(1_000_000);
    assertThat(excluded.getValue("rank")).isNull();
    assertThat(describe(entries(board(null)))).as("hidden at once").containsExactly("ann:2:500", "bob:3:400");
    assertThat(entries(around("bot", 3))).isEmpty();

    recompute();
    assertThat(describe(entries(board(null)))).containsExactly("ann:1:500", "bob:2:400");
    assertThat(profile("bot").getValue("rank")).isNull();
    assertThat(profile("bot").getLong("totalPoints")).isEqualTo(1_000_000);

    admin.data("mutation { setLeaderboardExclusion(userId: \"bot\", excluded: false) { userId } }", new JsonObject());
    recompute();
    assertThat(describe(entries(board(null)))).containsExactly("bot:1:1000000", "ann:2:500", "bob:3:400");
    assertThat(profile("bot").getInteger("rank")).isEqualTo(1);
  }

  @Test
  @DisplayName("an erased user leaves every board at once, and the next computation (their totals gone)")
  void erasure() {
    fixture.grant("gone", 900);
    fixture.grant("ann", 500);
    fixture.grant("bob", 400);
    recompute();

    assertThat(admin.data("mutation { eraseUser(userId: \"gone\") }", new JsonObject()).getBoolean("eraseUser")).isTrue();

    for (String window : List.of("ALL_TIME", "DAY", "WEEK", "MONTH")) {
      JsonObject board = user.data(LeaderboardFixture.BOARD, new JsonObject().put("n", SIZE).put("w", window)).getJsonObject("leaderboard");
      assertThat(describe(entries(board))).as(window).containsExactly("ann:2:500", "bob:3:400");
    }
    assertThat(entries(around("gone", 3))).isEmpty();
    assertThat(profile("gone").getValue("rank")).isNull();
    recompute();
    assertThat(describe(entries(board(null)))).containsExactly("ann:1:500", "bob:2:400");
  }

  @Test
  @DisplayName("a computation or an exclusion this api instance did not make shows in its boards within a few seconds")
  void changesMadeElsewhereShowSoon() {
    fixture.grant("ann", 20);
    fixture.grant("bob", 10);
    recompute();
    assertThat(describe(entries(board(null)))).containsExactly("ann:1:20", "bob:2:10");

    // as another instance would: a scheduled computation there, an exclusion through its api
    fixture.grant("bob", 15);
    Await.result(service.vertx().eventBus().request(Addresses.LEADERBOARD_RECOMPUTE, null));
    Await.until("the new computation shows", () -> describe(entries(board(null))).equals(List.of("bob:1:25", "ann:2:20")));
    Await.result(fixture.db().query("INSERT INTO leaderboard_exclusions (user_id, excluded_by) VALUES ('bob', 'elsewhere')").execute());
    Await.until("the exclusion shows", () -> describe(entries(board(null))).equals(List.of("ann:2:20")));
    Await.result(fixture.db().query("DELETE FROM leaderboard_exclusions").execute());
    Await.until("the inclusion shows", () -> describe(entries(board(null))).equals(List.of("bob:1:25", "ann:2:20")));
  }

  @Test
  @DisplayName("a computation whose board fails to load publishes nothing; its loaded boards go with the next computation")
  void failedComputation() {
    fixture.grant("ann", 20);
    JsonObject before = recompute();
    // the table the next run's MONTH board would be loaded into exists already: that load fails, the others succeed
    Await.result(fixture.db().query("""
      DO $$ BEGIN
        EXECUTE format('CREATE TABLE leaderboard_entries_%s_month (x int)', (SELECT last_value + 1 FROM leaderboard_runs_id_seq));
      END $$""").execute());
    fixture.grant("bob", 30);

    JsonObject failed = admin.post(LeaderboardFixture.RECOMPUTE, new JsonObject());

    assertThat(errorCode(failed)).isEqualTo("INTERNAL");
    assertThat(describe(entries(board(null)))).as("the previous computation still shows").containsExactly("ann:1:20");
    assertThat(board(null).getString("computedAt")).isEqualTo(before.getString("computedAt"));
    assertThat(unattachedBoards()).as("the failed computation's loaded boards, not attached").isNotEmpty();

    assertThat(describe(entries(recompute()))).containsExactly("bob:1:30", "ann:2:20");
    assertThat(unattachedBoards()).as("dropped after the next computation").isEmpty();
    assertThat(Await.result(fixture.db().query("""
      SELECT count(*) FROM pg_inherits WHERE inhparent = 'leaderboard_entries'::regclass""").execute())
      .iterator().next().getLong(0)).as("only the current run's partition").isEqualTo(1);
  }

  private List<String> unattachedBoards() {
    List<String> tables = new ArrayList<>();
    Await.result(fixture.db().query("""
      SELECT relname FROM pg_class
      WHERE relkind = 'r' AND NOT relispartition AND relname LIKE 'leaderboard\\_entries\\_%'""").execute())
      .forEach(row -> tables.add(row.getString(0)));
    return tables;
  }

  @Test
  @DisplayName("recomputeLeaderboard gives an admin a fresh computation that includes points granted just before")
  void recomputeForAdmin() {
    JsonObject first = recompute();
    fixture.grant("late", 5);

    JsonObject second = recompute();

    assertThat(Instant.parse(second.getString("computedAt"))).isAfter(Instant.parse(first.getString("computedAt")));
    assertThat(describe(entries(second))).containsExactly("late:1:5");
    assertThat(fixture.runRows()).last().satisfies(run -> assertThat(run.getBoolean("forced")).isTrue());
  }

  @Test
  @DisplayName("the leaderboard is computed at start: a board exists, empty, before any points")
  void computedAtStart() {
    Await.until("the start-up computation is recorded", () -> fixture.runs() >= 1);
    JsonObject board = board(null);
    assertThat(board.getString("computedAt")).isNotNull();
    assertThat(entries(board)).isEmpty();
  }

  @Test
  @DisplayName("totalsReconciliation proves the projections equal the points log, and reports each difference")
  void reconciliation() {
    fixture.grant("alice", 30);
    fixture.grant("carol", 7);
    String query = """
      { totalsReconciliation { checkedAt consistent differenceCount
          differences { userId window periodStart projectedPoints loggedPoints } } }""";

    JsonObject clean = admin.data(query, new JsonObject()).getJsonObject("totalsReconciliation");
    assertThat(clean.getBoolean("consistent")).isTrue();
    assertThat(clean.getInteger("differenceCount")).isZero();
    assertThat(clean.getJsonArray("differences")).isEmpty();

    Await.result(fixture.db().query("UPDATE user_totals SET total_points = 31 WHERE user_id = 'alice'").execute());
    Await.result(fixture.db().query("DELETE FROM user_daily_totals WHERE user_id = 'carol'").execute());
    JsonObject broken = admin.data(query, new JsonObject()).getJsonObject("totalsReconciliation");

    assertThat(broken.getBoolean("consistent")).isFalse();
    assertThat(broken.getInteger("differenceCount")).isEqualTo(4);
    JsonArray differences = broken.getJsonArray("differences");
    assertThat(differences.getJsonObject(0).getMap()).containsEntry("userId", "alice").containsEntry("window", "ALL_TIME")
      .containsEntry("projectedPoints", 31).containsEntry("loggedPoints", 30).containsEntry("periodStart", null);
    // carol's points are today's: the day, the week and the month each miss them
    List<String> windows = List.of("DAY", "MONTH", "WEEK");
    for (int i = 0; i < windows.size(); i++) {
      assertThat(differences.getJsonObject(i + 1).getMap()).containsEntry("userId", "carol")
        .containsEntry("window", windows.get(i)).containsEntry("projectedPoints", 0).containsEntry("loggedPoints", 7);
    }
    assertThat(differences.getJsonObject(1).getString("periodStart")).endsWith("T00:00:00Z");
  }
}
