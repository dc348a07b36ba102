package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.core.UserLocks;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.DailyTotals;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * Points written straight into a test's database for the leaderboard tests: log entries, then the totals
 * projections brought in line with the log (as the engine keeps the totals and a computation folds the days), and
 * GraphQL reads of the boards.
 * It writes through a pool the test owns (and closes).
 */
final class LeaderboardFixture {

  static final String BOARD = """
    query($n: Int, $w: LeaderboardWindow) { leaderboard(limit: $n, window: $w) {
      computedAt periodStart entries { rank userId totalPoints } } }""";

  static final String AROUND = """
    query($u: ID!, $w: LeaderboardWindow, $r: Int) { leaderboardAround(userId: $u, window: $w, radius: $r) {
      computedAt entries { rank userId totalPoints } } }""";

  static final String RECOMPUTE = "mutation { recomputeLeaderboard { computedAt entries { rank userId totalPoints } } }";

  private static final String SYNC_TOTALS = """
    INSERT INTO user_totals AS t (user_id, total_points)
    SELECT user_id, sum(points)::bigint FROM points_log GROUP BY user_id
    ON CONFLICT (user_id) DO UPDATE SET total_points = excluded.total_points""";

  private final Pool db;
  private final long rule;

  /** Adds the rule the points it grants are logged under. */
  LeaderboardFixture(Pool db) {
    this.db = db;
    this.rule = Await.result(db.query("""
      INSERT INTO gamification_rules (event_name, description, points_awarded)
      VALUES ('leaderboard.fixture', 'points of the leaderboard tests', 1) RETURNING id""").execute())
      .iterator().next().getLong(0);
  }

  Pool db() {
    return db;
  }

  /** Gives users points now and brings the projections in line, as the engine (totals) and a computation (days) would. */
  void grant(String userId, long points) {
    grant(userId, points, OffsetDateTime.now());
  }

  void grant(String userId, long points, OffsetDateTime occurredAt) {
    // one log entry holds at most 1,000,000 points (CONTRACT §3)
    long left = points;
    while (left > 0) {
      int part = (int) Math.min(left, 1_000_000);
      String eventId = UUID.randomUUID().toString();
      Await.result(asLogWriter(db, connection -> connection.preparedQuery("""
        INSERT INTO points_log (user_id, points, rule_id, event_id, dedupe_key, occurred_at, created_by)
        VALUES ($1, $2, $3, $4, 'event:' || $4, $5, 'test')""").execute(Tuple.of(userId, part, rule, eventId, occurredAt))));
      left -= part;
    }
    syncProjections();
  }

  /** Writes to the points log as its writers do: holding the rules lock shared (UserLocks.LOG_WRITER, migration V15). */
  static <T> Future<T> asLogWriter(Pool db, Function<SqlConnection, Future<T>> write) {
    return db.withTransaction(connection -> connection.query(UserLocks.LOG_WRITER).execute()
      .compose(locked -> write.apply(connection)));
  }

  void syncProjections() {
    Await.result(db.withTransaction(connection -> connection.query(SYNC_TOTALS).execute()
      .compose(v -> connection.query(DailyTotals.FOLD_ALL).execute())));
  }

  /** How many computations are recorded. */
  long runs() {
    return Await.result(db.query("SELECT count(*) FROM leaderboard_runs").execute()).iterator().next().getLong(0);
  }

  List<Row> runRows() {
    return StreamSupport.stream(Await.result(db.query("SELECT id, computed_at, runner, forced FROM leaderboard_runs ORDER BY id")
      .execute()).spliterator(), false).toList();
  }

  static JsonArray entries(JsonObject board) {
    return board.getJsonArray("entries");
  }

  /** {@code userId:rank:totalPoints} of each entry, to compare whole boards at once. */
  static List<String> describe(JsonArray entries) {
    return entries.stream().map(JsonObject.class::cast)
      .map(e -> e.getString("userId") + ":" + e.getInteger("rank") + ":" + e.getLong("totalPoints")).toList();
  }
}
