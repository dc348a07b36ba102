package com.gigsy.gamification.api;

import com.gigsy.gamification.api.leaderboard.LeaderboardFetchers;
import com.gigsy.gamification.api.profile.Holdings;
import com.gigsy.gamification.api.profile.ProfileSnapshots;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.runtime.RunningService;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The number of SQL statements a profile costs does not grow with what the user holds: one, whatever it selects.
 *
 * <p>How statements are counted: the service runs only its api role, on a Vert.x instance of this
 * test's with a tracer installed. The PostgreSQL client reports every statement it sends to the
 * tracer ({@code sendRequest}, tagged with the database name), so the count is what actually went
 * over the wire to this test's database during one GraphQL request — nothing in the service is
 * changed or wrapped for the test. Test data is written through a separate, untraced Vert.x instance.
 */
@ExtendWith(VertxExtension.class)
class ApiStatementCountTest {

  private static final String PROFILE = """
    query($u: ID!) { gamificationProfile(userId: $u) {
      userId totalPoints
      badges { badge { id name description iconUrl } awardedAt }
      titles { title { id name } isEquipped awardedAt }
      equippedTitle { id name } } }""";

  private static final StatementCounter statements = new StatementCounter();
  private static Vertx traced;
  private static RunningService service;
  private static Pool db;
  private static GraphQLClient admin;
  private static long rule;

  @BeforeAll
  static void start(Vertx untraced) {
    GamificationConfig config = TestStack.get().config().with(Setting.ROLES, "api");
    statements.database = PgConnectOptions.fromUri(config.pgUrl()).getDatabase();
    traced = Vertx.builder()
      .with(new VertxOptions().setTracingOptions(new TracingOptions()))
      .withTracer(options -> statements)
      .build();
    service = Await.result(ApiService.SERVICE.start(traced, config));
    admin = new GraphQLClient(service.httpPort(), TestTokens.admin());
    db = PgPools.create(untraced, config, "test", 2);
    rule = Await.result(db.query("""
      INSERT INTO gamification_rules (event_name, description, points_awarded)
      VALUES ('statement.count', 'test rule', 1) RETURNING id""").execute()).iterator().next().getLong(0);
  }

  @AfterAll
  static void stop() {
    Await.result(db.close());
    Await.result(service.stop());
    Await.result(traced.close());
  }

  @Test
  @DisplayName("a profile with 50 badges and 10 titles costs as many SQL statements as one with a single badge and title")
  void constantStatementsPerProfile() {
    String small = holder(1, 1);
    String large = holder(50, 10);

    int forSmall = statementsFor(small, 1, 1);
    int forLarge = statementsFor(large, 50, 10);

    assertThat(forLarge).isEqualTo(forSmall);
    // one statement: points, badges and titles held (with the catalog's badges and titles), equipped title
    assertThat(forLarge).isEqualTo(1);
  }

  @Test
  @DisplayName("a profile asked for every field reads them in one statement, and its rank with one lookup of the "
    + "latest leaderboard computation")
  void everyFieldInOneStatement() {
    String user = holder(3, 2);
    statements.reset();
    JsonObject response = admin.send("""
      query($u: ID!) { gamificationProfile(userId: $u) {
        totalPoints rank badges { badge { name } } titles { title { name } } equippedTitle { name }
        milestones { count threshold completedAt } streaks { current longest lastPeriodStart }
        ... on GamificationProfile { level { name } nextLevel { name } pointsToNextLevel } } }""",
      new JsonObject().put("u", user)).json();

    assertThat(statements.count()).isEqualTo(2);
    assertThat(statements.count(LeaderboardFetchers.rankStatement())).isEqualTo(1);
    assertThat(response.containsKey("errors")).as("errors: %s", response.getValue("errors")).isFalse();
    JsonObject profile = response.getJsonObject("data").getJsonObject("gamificationProfile");
    assertThat(profile.getLong("totalPoints")).isEqualTo(7);
    assertThat(profile.getJsonArray("badges")).hasSize(3);
    assertThat(profile.getJsonArray("titles")).hasSize(2);
  }

  @Test
  @DisplayName("a profile's statement reads only the parts its query selects, and each of the 128 combinations of parts "
    + "reads them as the statement of every part does")
  void statementOfTheSelectedParts() {
    String user = holder(2, 2);
    String totalOnly = ProfileSnapshots.statement(List.of("totalPoints"));
    statements.reset();
    admin.data("query($u: ID!) { gamificationProfile(userId: $u) { totalPoints } }", new JsonObject().put("u", user));
    assertThat(statements.count(totalOnly)).isEqualTo(1);
    assertThat(totalOnly).contains("user_totals").doesNotContain("user_badges", "user_titles", "rule_progress",
      "streak_progress", "levels");

    // one field per part, in the order of the statement's columns (after the user id)
    List<String> parts = List.of("totalPoints", "badges", "titles", "equippedTitle", "milestones", "streaks", "level");
    Row whole = profileRow(ProfileSnapshots.statement(parts), user);
    assertThat(whole.getLong(1)).isEqualTo(7);
    for (int mask = 0; mask < 1 << parts.size(); mask++) {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        if ((mask & 1 << i) != 0) {
          fields.add(parts.get(i));
        }
      }
      Row row = profileRow(ProfileSnapshots.statement(fields), user);
      for (int i = 0; i < parts.size(); i++) {
        assertThat(row.getValue(i + 1)).as("%s read with %s", parts.get(i), fields)
          .isEqualTo(fields.contains(parts.get(i)) ? whole.getValue(i + 1) : null);
      }
    }
  }

  private static Row profileRow(String statement, String user) {
    return Await.result(db.preparedQuery(statement).execute(ProfileSnapshots.arguments(user))).iterator().next();
  }

  @Test
  @DisplayName("a user's rank is looked up once per version of the boards: asked again, it costs no statement; after "
    + "a new version (here of the exclusions, changed by another process), it is looked up again")
  void rankLookedUpOncePerVersion() {
    String user = holder(1, 1);
    String query = "query($u: ID!) { gamificationProfile(userId: $u) { rank } }";
    JsonObject variables = new JsonObject().put("u", user);
    admin.data(query, variables);

    statements.reset();
    admin.data(query, variables);
    assertThat(statements.count()).as("statements of the second read").isZero();

    Await.result(db.query("UPDATE leaderboard_exclusions_version SET version = version + 1").execute());
    Await.until("the rank looked up again after the new version", Duration.ofSeconds(10), () -> {
      statements.reset();
      admin.data(query, variables);
      return statements.count(LeaderboardFetchers.rankStatement()) == 1;
    });
  }

  /** A user holding {@code badges} badges and {@code titles} titles (the last one equipped), all fresh. */
  private static String holder(int badges, int titles) {
    String user = "holder-" + UUID.randomUUID();
    Holdings.badgesAndTitles(db, user, badges, titles, rule);
    Await.result(db.preparedQuery("""
      WITH logged AS (
        INSERT INTO points_log (user_id, points, rule_id, event_id, dedupe_key, occurred_at, created_by)
        VALUES ($1, 7, $2, 'points-event', 'event:points-event', now(), 'test') RETURNING user_id, points)
      INSERT INTO user_totals (user_id, total_points) SELECT user_id, points FROM logged""").execute(Tuple.of(user, rule)));
    return user;
  }

  /** Runs the profile query and returns how many statements it sent, checking the answer on the way. */
  private static int statementsFor(String user, int badges, int titles) {
    statements.reset();
    JsonObject response = admin.send(PROFILE, new JsonObject().put("u", user)).json();
    int count = statements.count();

    assertThat(response.containsKey("errors")).as("errors: %s", response.getValue("errors")).isFalse();
    JsonObject profile = response.getJsonObject("data").getJsonObject("gamificationProfile");
    assertThat(profile.getLong("totalPoints")).isEqualTo(7);
    assertThat(profile.getJsonArray("badges")).hasSize(badges);
    assertThat(profile.getJsonArray("badges").getJsonObject(badges - 1).getJsonObject("badge").getString("name"))
      .startsWith(user + " badge ");
    assertThat(profile.getJsonArray("titles")).hasSize(titles);
    assertThat(profile.getJsonObject("equippedTitle").getString("name")).isEqualTo(user + " title " + titles);
    return count;
  }

  /**
   * Counts the statements the PostgreSQL client sends to one database, but the boards' version reads: an api instance
   * reads the version of the boards at most once a second whatever it serves, not per request.
   */
  private static final class StatementCounter implements VertxTracer<Object, Object> {

    private final Queue<String> sent = new ConcurrentLinkedQueue<>();
    private volatile String database;

    @Override
    public <R> Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
                                  BiConsumer<String, String> headers, TagExtractor<R> tags) {
      Map<String, String> tagged = tags.extract(request);
      String text = tagged.get("db.query.text");
      if (database != null && database.equals(tagged.get("db.namespace"))
        && !text.contains("FROM leaderboard_exclusions_version")) {
        sent.add(text);
      }
      return null;
    }

    void reset() {
      sent.clear();
    }

    int count() {
      return sent.size();
    }

    /** Statements of exactly this text. */
    int count(String statement) {
      return (int) sent.stream().filter(statement::equals).count();
    }
  }
}
