package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Setting;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Leaderboard at scale (issue 4), not a test: seeds USERS users and ROWS points-log rows with
 * {@code generate_series} straight into PostgreSQL (occurredAt spread over the last 365 days), builds the
 * projections, then prints the recompute time and the latency of top-100 and rank reads through GraphQL.
 * <p>
 * Run from the repository root: {@code bench/leaderboard-benchmark.sh [USERS] [ROWS]} (default 1000000 20000000).
 * Lives in the test sources of app for the test stack (embedded PostgreSQL and Kafka) and the test clients.
 */
public final class LeaderboardBenchmark {

  private static final int CHUNK = 500_000;
  private static final int WARM_UP = 200;
  private static final int SAMPLES = 2_000;
  private static final int RECOMPUTES = 3;

  private LeaderboardBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 20_000_000L;
    Vertx vertx = Vertx.vertx();
    GamificationConfig config = TestStack.get().config().with(Setting.ROLES, "leaderboard,api");
    Pool db = PgPools.create(vertx, config, "bench", 1);
    try {
      Await.result(Migrations.apply(vertx, db));
      seed(db, users, rows);
      RunningService service = Await.result(Service.start(vertx, config));
      try {
        measure(vertx, db, service, users);
      } finally {
        Await.result(service.stop());
      }
    } finally {
      Await.result(db.close());
      Await.result(vertx.close());
    }
    System.exit(0);
  }

  private static void seed(Pool db, int users, long rows) {
    long started = System.nanoTime();
    long rule = slow(db.query("INSERT INTO gamification_rules (event_name, description, points_awarded) "
      + "VALUES ('bench.points', 'benchmark', 1) RETURNING id").execute()).iterator().next().getLong(0);
    for (long from = 1; from <= rows; from += CHUNK) {
      long to = Math.min(rows, from + CHUNK - 1);
      slow(db.preparedQuery("""
        INSERT INTO points_log (user_id, points, rule_id, event_id, dedupe_key, occurred_at, created_by)
        SELECT 'user-' || (1 + (hashint8(g) & 2147483647) % $4), 1 + (hashint8(-g) & 2147483647) % 100, $3,
               'e' || g, 'event:e' || g, now() - random() * interval '365 days', 'bench'
        FROM generate_series($1::bigint, $2::bigint) g""").execute(Tuple.of(from, to, rule, users)));
      System.out.printf(Locale.ROOT, "seeded %,d of %,d log rows (%.0f s)%n", to, rows, seconds(started));
    }
    slow(db.query("""
      INSERT INTO user_totals (user_id, total_points)
      SELECT user_id, sum(points)::bigint FROM points_log GROUP BY user_id""").execute());
    slow(db.query("""
      INSERT INTO user_period_totals (period, period_start, user_id, total_points)
      SELECT p.period, gamification_period_start(p.period, l.occurred_at), l.user_id, sum(l.points)::bigint
      FROM points_log l
      JOIN (VALUES ('DAY', interval '1 day'), ('WEEK', interval '7 days'), ('MONTH', interval '1 month')) AS p (period, span)
        ON l.occurred_at >= (gamification_period_start(p.period, now()) - p.span)
      GROUP BY 1, 2, 3""").execute());
    slow(db.query("VACUUM ANALYZE").execute());
    System.out.printf(Locale.ROOT, "seeded %,d users, %,d log rows and the projections in %.0f s%n",
      count(db, "SELECT count(*) FROM user_totals"), rows, seconds(started));
  }

  private static void measure(Vertx vertx, Pool db, RunningService service, int users) {
    Await.until("the start-up computation is done", java.time.Duration.ofMinutes(10),
      () -> count(db, "SELECT count(*) FROM leaderboard_current") == 1);
    for (int i = 1; i <= RECOMPUTES; i++) {
      long started = System.nanoTime();
      slow(vertx.eventBus().request(Addresses.LEADERBOARD_RECOMPUTE, null, new DeliveryOptions().setSendTimeout(600_000)));
      double total = seconds(started);
      Row run = Await.result(db.query("SELECT ranked_users, duration_ms FROM leaderboard_runs ORDER BY id DESC LIMIT 1").execute())
        .iterator().next();
      System.out.printf(Locale.ROOT, "recompute %d: %.2f s (boards written and published in %.2f s, the rest removing the old ones); %,d users ranked all-time%n",
        i, total, run.getInteger("duration_ms") / 1000.0, run.getInteger("ranked_users"));
    }
    System.out.println(Await.result(db.query("""
      SELECT string_agg(board || ' ' || n, ', ') AS boards FROM (
        SELECT board, count(*) AS n FROM leaderboard_entries
        WHERE run_id = (SELECT run_id FROM leaderboard_current) GROUP BY board) b""").execute()).iterator().next().getString(0));

    if (Boolean.getBoolean("bench.explain")) {
      slow(db.query("SET work_mem = '256MB'").execute());
      explain(db, """
        SELECT row_number() OVER (ORDER BY t.total_points DESC, t.user_id COLLATE "C"),
               rank() OVER (ORDER BY t.total_points DESC), t.user_id, t.total_points
        FROM user_totals t
        WHERE t.total_points > 0 AND t.user_id NOT IN (SELECT user_id FROM leaderboard_exclusions)""");
    }
    GraphQLClient client = new GraphQLClient(service.httpPort(), TestTokens.user("bench-reader"));
    latency("top-100 (leaderboard(limit: 100))", () -> client.data("{ leaderboard(limit: 100) { computedAt entries { rank userId totalPoints } } }",
      new JsonObject()));
    latency("rank (gamificationProfile { rank })", () -> client.data("query($u: ID!) { gamificationProfile(userId: $u) { rank } }",
      new JsonObject().put("u", "user-" + (1 + ThreadLocalRandom.current().nextInt(users)))));
    latency("leaderboardAround(radius: 5)", () -> client.data("query($u: ID!) { leaderboardAround(userId: $u) { entries { rank userId } } }",
      new JsonObject().put("u", "user-" + (1 + ThreadLocalRandom.current().nextInt(users)))));
  }

  /** With {@code -Dbench.explain=true}: how PostgreSQL runs a statement of the computation. */
  private static void explain(Pool db, String sql) {
    for (Row row : Await.result(db.query("EXPLAIN (ANALYZE, BUFFERS) " + sql).execute())) {
      System.out.println(row.getString(0));
    }
  }

  private static void latency(String what, Runnable request) {
    for (int i = 0; i < WARM_UP; i++) {
      request.run();
    }
    long[] nanos = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      long started = System.nanoTime();
      request.run();
      nanos[i] = System.nanoTime() - started;
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "%s over %d sequential requests: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, SAMPLES,
      nanos[SAMPLES / 2] / 1e6, nanos[(int) (SAMPLES * 0.99)] / 1e6, nanos[SAMPLES - 1] / 1e6);
  }

  /** Seeding and computing at full size outlast {@link Await#DEFAULT}. */
  private static <T> T slow(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException("benchmark step failed: " + e.getMessage(), e);
    }
  }

  private static long count(Pool db, String sql) {
    return Await.result(db.query(sql).execute()).iterator().next().getLong(0);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
