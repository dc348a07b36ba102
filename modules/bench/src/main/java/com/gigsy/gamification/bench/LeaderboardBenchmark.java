package com.gigsy.gamification.bench;

import com.gigsy.gamification.app.Service;
import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.runtime.Migrations;
import com.gigsy.gamification.runtime.RunningService;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Leaderboard at scale (issue 4), not a test: seeds USERS users and ROWS points-log rows with
 * {@code generate_series} straight into PostgreSQL (occurredAt spread over the last 365 days), builds the
 * projections, then prints the recompute time and the latency of top-100, rank and around reads through
 * GraphQL — one request at a time, then with concurrent clients.
 * <p>
 * The benchmark owns its database, and seeding is not what it measures: the points log is loaded without its
 * indexes and constraints, which are re-created afterwards as the migrations define them.
 * <p>
 * Run from the repository root: {@code bench/leaderboard-benchmark.sh [USERS] [ROWS]} (default 1000000 20000000).
 * System properties: {@code bench.clients} (concurrent clients per load step, default {@code 1,8,32}; one client
 * is one request at a time), {@code bench.seconds} (length of a load step, default 10), {@code bench.explain=true}
 * (plans of slow statements).
 * Lives in the test sources of app for the test stack (embedded PostgreSQL and Kafka) and the test clients.
 */
public final class LeaderboardBenchmark {

  private static final int CHUNK = 2_000_000;
  /** Before each measured load step: the JIT compiles the paths the step takes. */
  private static final Duration WARM_UP = Duration.ofSeconds(3);
  private static final int RECOMPUTES = 3;

  private static final String TOP_100 = "{ leaderboard(limit: 100) { computedAt entries { rank userId totalPoints } } }";
  private static final String RANK = "query($u: ID!) { gamificationProfile(userId: $u) { rank } }";
  private static final String AROUND = "query($u: ID!) { leaderboardAround(userId: $u) { entries { rank userId } } }";

  private LeaderboardBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 20_000_000L;
    System.out.println("load average at start: " + loadAverage());
    Vertx vertx = Vertx.vertx();
    GamificationConfig config = TestStack.get().config().with(Setting.ROLES, "leaderboard,api");
    Pool db = PgPools.create(vertx, config, "bench", 1);
    try {
      Await.result(Migrations.apply(vertx, db));
      seed(db, users, rows);
      if (Boolean.getBoolean("bench.explain")) {
        explainSlowStatements(db);
      }
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
    System.out.println("load average at the end: " + loadAverage());
    System.exit(0);
  }

  private static void seed(Pool db, int users, long rows) {
    long started = System.nanoTime();
    long rule = slow(db.query("INSERT INTO gamification_rules (event_name, description, points_awarded) "
      + "VALUES ('bench.points', 'benchmark', 1) RETURNING id").execute()).iterator().next().getLong(0);
    List<String> recreate = dropLogIndexes(db);
    for (long from = 1; from <= rows; from += CHUNK) {
      long to = Math.min(rows, from + CHUNK - 1);
      slow(db.preparedQuery("""
        INSERT INTO points_log (user_id, points, rule_id, event_id, dedupe_key, occurred_at, created_by)
        SELECT 'user-' || (1 + (hashint8(g) & 2147483647) % $4), 1 + (hashint8(-g) & 2147483647) % 100, $3,
               'e' || g, 'event:e' || g, now() - random() * interval '365 days', 'bench'
        FROM generate_series($1::bigint, $2::bigint) g""").execute(Tuple.of(from, to, rule, users)));
      System.out.printf(Locale.ROOT, "seeded %,d of %,d log rows (%.0f s)%n", to, rows, seconds(started));
    }
    slow(db.query("SET maintenance_work_mem = '1GB'").execute());
    slow(db.query("SET work_mem = '512MB'").execute());
    slow(db.query("""
      INSERT INTO user_totals (user_id, total_points)
      SELECT user_id, sum(points)::bigint FROM points_log GROUP BY user_id""").execute());
    slow(db.query("""
      INSERT INTO user_daily_totals (day, user_id, total_points)
      SELECT gamification_period_start('DAY', l.occurred_at), l.user_id, sum(l.points)::bigint
      FROM points_log l
      WHERE l.occurred_at >= least(gamification_period_start('WEEK', now() - interval '7 days'),
                                   gamification_period_start('MONTH', now() - interval '1 month'))::timestamp AT TIME ZONE 'UTC'
      GROUP BY 1, 2""").execute());
    // the kept days are built from the log here: a computation has nothing more to fold into them (V15)
    slow(db.query("UPDATE daily_totals_fold SET folded_through = (SELECT max(id) FROM points_log)").execute());
    System.out.printf(Locale.ROOT, "projections built (%.0f s)%n", seconds(started));
    for (String ddl : recreate) {
      slow(db.query(ddl).execute());
    }
    System.out.printf(Locale.ROOT, "points_log indexes and constraints re-created (%.0f s)%n", seconds(started));
    slow(db.query("VACUUM ANALYZE user_totals, user_daily_totals").execute());
    slow(db.query("ANALYZE points_log").execute());
    slow(db.query("RESET ALL").execute());
    System.out.printf(Locale.ROOT, "seeded %,d users, %,d log rows and the projections in %.0f s%n",
      count(db, "SELECT count(*) FROM user_totals"), rows, seconds(started));
  }

  /**
   * Drops the points log's indexes, unique and foreign keys (a bulk load then only appends to the heap); the
   * statements that re-create them, read from the catalog so they are what the migrations made: indexes
   * first, foreign keys last.
   */
  private static List<String> dropLogIndexes(Pool db) {
    List<String> recreate = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    for (Row row : slow(db.query("""
      SELECT format('ALTER TABLE points_log ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)) AS create_ddl,
             format('ALTER TABLE points_log DROP CONSTRAINT %I', conname) AS drop_ddl
      FROM pg_constraint
      WHERE conrelid = 'points_log'::regclass AND contype IN ('p', 'u', 'f')
      ORDER BY contype = 'f', conname""").execute())) {
      recreate.add(row.getString("create_ddl"));
      drop.add(0, row.getString("drop_ddl"));
    }
    for (Row row : slow(db.query("""
      SELECT i.indexdef AS create_ddl, format('DROP INDEX %I', i.indexname) AS drop_ddl
      FROM pg_indexes i
      WHERE i.tablename = 'points_log'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = to_regclass(i.indexname))
      ORDER BY i.indexname""").execute())) {
      recreate.add(0, row.getString("create_ddl"));
      drop.add(row.getString("drop_ddl"));
    }
    for (String ddl : drop) {
      slow(db.query(ddl).execute());
    }
    return recreate;
  }

  private static void measure(Vertx vertx, Pool db, RunningService service, int users) throws Exception {
    Await.until("the start-up computation is done", Duration.ofMinutes(10),
      () -> count(db, "SELECT count(*) FROM leaderboard_current") == 1);
    for (int i = 1; i <= RECOMPUTES; i++) {
      long started = System.nanoTime();
      slow(vertx.eventBus().request(Addresses.LEADERBOARD_RECOMPUTE, null, new DeliveryOptions().setSendTimeout(600_000)));
      double total = seconds(started);
      Row run = Await.result(db.query("SELECT ranked_users, duration_ms FROM leaderboard_runs ORDER BY id DESC LIMIT 1").execute())
        .iterator().next();
      System.out.printf(Locale.ROOT, "recompute %d: %.2f s (boards loaded, indexed and published in %.2f s; the rest is "
          + "the commit and dropping the replaced run); %,d users ranked all-time%n",
        i, total, run.getInteger("duration_ms") / 1000.0, run.getInteger("ranked_users"));
    }
    System.out.println(Await.result(db.query("""
      SELECT string_agg(board || ' ' || n, ', ') AS boards FROM (
        SELECT board, count(*) AS n FROM leaderboard_entries
        WHERE run_id = (SELECT run_id FROM leaderboard_current) GROUP BY board) b""").execute()).iterator().next().getString(0));

    String token = TestTokens.user("bench-reader");
    int seconds = Integer.getInteger("bench.seconds", 10);
    Vertx clients = Vertx.vertx();
    try {
      for (String level : System.getProperty("bench.clients", "1,8,32").split(",")) {
        int concurrency = Integer.parseInt(level.trim());
        Load load = new Load(clients, service.httpPort(), token, concurrency, Duration.ofSeconds(seconds));
        load.run("top-100", () -> request(TOP_100, new JsonObject()));
        load.run("rank", () -> request(RANK, randomUser(users)));
        load.run("around", () -> request(AROUND, randomUser(users)));
        load.run("mixed", () -> switch (ThreadLocalRandom.current().nextInt(3)) {
          case 0 -> request(TOP_100, new JsonObject());
          case 1 -> request(RANK, randomUser(users));
          default -> request(AROUND, randomUser(users));
        });
      }
    } finally {
      Await.result(clients.close());
    }
  }

  private static JsonObject randomUser(int users) {
    return new JsonObject().put("u", "user-" + (1 + ThreadLocalRandom.current().nextInt(users)));
  }

  private static Buffer request(String query, JsonObject variables) {
    return new JsonObject().put("query", query).put("variables", variables).toBuffer();
  }

  /**
   * With {@code -Dbench.explain=true}: the api's connections log the plan (EXPLAIN ANALYZE, BUFFERS) of every
   * statement slower than 10 ms into the server's log ({@code auto_explain}); set before the service connects.
   */
  private static void explainSlowStatements(Pool db) {
    slow(db.query("""
      DO $$ BEGIN
        EXECUTE format('ALTER DATABASE %I SET session_preload_libraries = %L', current_database(), 'auto_explain');
        EXECUTE format('ALTER DATABASE %I SET auto_explain.log_min_duration = %L', current_database(), '10ms');
        EXECUTE format('ALTER DATABASE %I SET auto_explain.log_analyze = on', current_database());
        EXECUTE format('ALTER DATABASE %I SET auto_explain.log_buffers = on', current_database());
      END $$""").execute());
    System.out.println("plans of statements slower than 10 ms go to the log next to "
      + Await.result(db.query("SELECT current_setting('data_directory')").execute()).iterator().next().getString(0));
  }

  /**
   * Closed-loop load: {@code concurrency} clients, each on a keep-alive HTTP/1.1 connection of its own, send
   * their next request as soon as the previous answer is in, for {@link #WARM_UP} and then {@code duration}. With
   * one client, that is the latency of one request at a time.
   */
  private record Load(Vertx vertx, int port, String token, int concurrency, Duration duration) {

    void run(String what, Supplier<Buffer> body) throws Exception {
      HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));
      try {
        drive(http, body, WARM_UP);
        long started = System.nanoTime();
        long[][] samples = drive(http, body, duration);
        double elapsed = seconds(started);
        long[] nanos = Arrays.stream(samples).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s with %d concurrent clients: %,.0f requests/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          what, concurrency, nanos.length / elapsed, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
          nanos[nanos.length - 1] / 1e6);
      } finally {
        Await.result(http.close());
      }
    }

    /** Each client's latencies (nanoseconds). */
    private long[][] drive(HttpClient http, Supplier<Buffer> body, Duration length) throws Exception {
      long deadline = System.nanoTime() + length.toNanos();
      List<Future<long[]>> clients = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        Promise<long[]> done = Promise.promise();
        vertx.runOnContext(v -> next(http, body, deadline, new LongList(), done));
        clients.add(done.future());
      }
      long[][] samples = new long[concurrency][];
      for (int i = 0; i < concurrency; i++) {
        samples[i] = clients.get(i).toCompletionStage().toCompletableFuture().get(length.toSeconds() + 60, TimeUnit.SECONDS);
      }
      return samples;
    }

    private void next(HttpClient http, Supplier<Buffer> body, long deadline, LongList samples, Promise<long[]> done) {
      if (System.nanoTime() >= deadline) {
        done.complete(samples.toArray());
        return;
      }
      long started = System.nanoTime();
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/graphql")
        .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer " + token);
      http.request(options)
        .compose(request -> request.send(body.get()))
        .compose(response -> response.body().map(answer -> {
          if (response.statusCode() != 200 || answer.toString().contains("\"errors\"")) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + answer);
          }
          return answer;
        }))
        .onSuccess(answer -> {
          samples.add(System.nanoTime() - started);
          next(http, body, deadline, samples, done);
        })
        .onFailure(done::fail);
    }
  }

  /** A growing array of longs, for one client's samples. */
  private static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** Seeding and computing at full size outlast {@link Await#DEFAULT}. */
  private static <T> T slow(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.MINUTES);
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
