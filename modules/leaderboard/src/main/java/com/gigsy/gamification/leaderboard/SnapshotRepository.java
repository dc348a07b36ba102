package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.core.AdvisoryLocks;
import com.gigsy.gamification.core.LeaderboardWindow;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The SQL of leaderboard snapshots: {@code leaderboard_runs}, {@code leaderboard_entries} (one partition per
 * run, itself partitioned by board; each board loaded into a table of its own and indexed before it is attached)
 * and the {@code leaderboard_current} pointer, plus the advisory lock that makes one instance compute at a time.
 * The DDL that names a run's tables lives in functions of migrations V3 and V8. Every method works on the
 * caller's connection, inside the caller's transaction.
 */
final class SnapshotRepository {

  /** Advisory-lock key of the computation (an erasure takes it too). */
  static final long LOCK_KEY = AdvisoryLocks.LEADERBOARD;

  private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock($1) AS locked";
  private static final String LOCK = "SELECT pg_advisory_xact_lock($1)";

  /** Milliseconds until the latest run is an interval old (0: due now, or no run yet), by the database's clock. */
  private static final String DUE_IN = """
    SELECT GREATEST(0, ceil(extract(epoch FROM computed_at + make_interval(secs => $1::bigint / 1000.0) - now()) * 1000))::bigint
           AS due_in_ms
    FROM leaderboard_runs
    ORDER BY id DESC
    LIMIT 1
    """;

  private static final String START_RUN = """
    INSERT INTO leaderboard_runs (computed_at, runner, forced)
    VALUES (now(), $1, $2)
    RETURNING id, computed_at
    """;

  /**
   * Memory for a board's sort and index builds: a board of a million users sorts in memory instead of on
   * disk. One worker per build: boards already load two at a time. For the loading transaction only.
   */
  private static final List<String> LOAD_SETTINGS = List.of(
    "SET LOCAL work_mem = '256MB'",
    "SET LOCAL maintenance_work_mem = '256MB'",
    "SET LOCAL max_parallel_maintenance_workers = 0");

  /** Creates the empty table board $2 of run $1 is loaded into; its name, quoted. */
  private static final String CREATE_BOARD = "SELECT leaderboard_create_board($1, $2) AS board_table";

  /**
   * Ranks every user with points who is not excluded into the board's table (named by {@code %s}).
   * {@code position} orders the board (ties by user id in byte order, whatever the database's locale);
   * {@code rank} is shared by equal totals (1, 2, 2, 4).
   */
  private static final String RANK_ALL_TIME = """
    INSERT INTO %s (run_id, board, position, rank, user_id, total_points)
    SELECT $1, 'ALL_TIME',
           row_number() OVER (ORDER BY t.total_points DESC, t.user_id COLLATE "C"),
           rank() OVER (ORDER BY t.total_points DESC),
           t.user_id, t.total_points
    FROM user_totals t
    WHERE t.total_points > 0
      AND t.user_id NOT IN (SELECT user_id FROM leaderboard_exclusions)
    """;

  /**
   * The same for one calendar period ($2: DAY, WEEK or MONTH), the one the run's instant ($3) falls in: each
   * user's total is the sum of their daily totals within the period. The bounds are sub-selects so that they
   * are computed once, not for every row a plan may filter.
   */
  private static final String RANK_PERIOD = """
    INSERT INTO %s (run_id, board, position, rank, user_id, total_points)
    SELECT $1, $2::text,
           row_number() OVER (ORDER BY t.total_points DESC, t.user_id COLLATE "C"),
           rank() OVER (ORDER BY t.total_points DESC),
           t.user_id, t.total_points
    FROM (
      SELECT d.user_id, sum(d.total_points)::bigint AS total_points
      FROM user_daily_totals d
      WHERE d.day >= (SELECT gamification_period_start($2::text, $3::timestamptz))
        AND d.day < (SELECT gamification_period_end($2::text, $3::timestamptz))
      GROUP BY d.user_id
    ) t
    WHERE t.total_points > 0
      AND t.user_id NOT IN (SELECT user_id FROM leaderboard_exclusions)
    """;

  /** Builds the loaded board's indexes. */
  private static final String INDEX_BOARD = "SELECT leaderboard_index_board($1, $2)";

  /**
   * Statistics of a loaded board (named by {@code %s}), so that readers' plans know its size (without them,
   * PostgreSQL guesses a handful of rows and may sort a whole board to find its top instead of reading the index).
   */
  private static final String ANALYZE = "ANALYZE %s";

  /** Makes the loaded boards ($2) the run's partition of {@code leaderboard_entries}. */
  private static final String ATTACH = "SELECT leaderboard_attach_run($1, $2)";

  /** Makes the run the one readers see; readers switch from the old boards to the new ones at commit. */
  private static final String PUBLISH = """
    WITH finished AS (
      UPDATE leaderboard_runs SET ranked_users = $2, duration_ms = $3 WHERE id = $1
    )
    INSERT INTO leaderboard_current (singleton, run_id) VALUES (true, $1)
    ON CONFLICT (singleton) DO UPDATE SET run_id = excluded.run_id
    """;

  /**
   * Dropping a partition locks {@code leaderboard_entries} for a moment; rather than queue readers behind a
   * long read, give up (the next computation retries).
   */
  private static final String RETIRE_LOCK_TIMEOUT = "SET LOCAL lock_timeout = '2s'";

  /** Drops boards of failed computations and the partitions of every run but the current one. */
  private static final String DROP_REPLACED = "SELECT leaderboard_drop_replaced() AS dropped";

  /** Marks replaced runs retired; keeps the history of runs for a while. */
  private static final String RETIRE = """
    WITH forgotten AS (
      DELETE FROM leaderboard_runs WHERE retired_at < now() - interval '30 days'
    )
    UPDATE leaderboard_runs SET retired_at = now()
    WHERE retired_at IS NULL AND id <> (SELECT run_id FROM leaderboard_current)
    """;

  /** A run being written: its id and the instant its data reflect. */
  record Run(long id, OffsetDateTime computedAt) {
  }

  /** Takes the computation's lock for the transaction unless another instance holds it; whether it was taken. */
  Future<Boolean> tryLock(SqlConnection connection) {
    return connection.preparedQuery(TRY_LOCK).execute(Tuple.of(LOCK_KEY))
      .map(rows -> rows.iterator().next().getBoolean("locked"));
  }

  /** Takes the computation's lock for the transaction, waiting for a computation in progress. */
  Future<Void> lock(SqlConnection connection) {
    return connection.preparedQuery(LOCK).execute(Tuple.of(LOCK_KEY)).mapEmpty();
  }

  /** How long until a computation is due: 0 when the latest is at least {@code interval} old, or there is none. */
  Future<Long> dueInMillis(SqlConnection connection, Duration interval) {
    return connection.preparedQuery(DUE_IN).execute(Tuple.of(interval.toMillis()))
      .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("due_in_ms"));
  }

  /** Records a new run: its id and the instant its boards are computed for. */
  Future<Run> startRun(SqlConnection connection, String runner, boolean forced) {
    return connection.preparedQuery(START_RUN).execute(Tuple.of(runner, forced))
      .map(rows -> {
        Row row = rows.iterator().next();
        return new Run(row.getLong("id"), row.getOffsetDateTime("computed_at"));
      });
  }

  /**
   * Loads one board of the run into a table of its own and indexes it, on a connection of its own and in a
   * transaction of its own (committed before the run's transaction attaches it); how many users it ranks.
   */
  Future<Integer> load(SqlConnection connection, Run run, LeaderboardWindow window) {
    Future<Void> settings = Future.succeededFuture();
    for (String setting : LOAD_SETTINGS) {
      settings = settings.compose(v -> connection.query(setting).execute().mapEmpty());
    }
    return settings
      .compose(v -> connection.preparedQuery(CREATE_BOARD).execute(Tuple.of(run.id(), window.name())))
      .map(rows -> rows.iterator().next().getString("board_table"))
      .compose(table -> rank(connection, table, run, window)
        .compose(ranked -> connection.preparedQuery(INDEX_BOARD).execute(Tuple.of(run.id(), window.name()))
          .compose(v -> connection.query(ANALYZE.formatted(table)).execute())
          .map(ranked)));
  }

  private Future<Integer> rank(SqlConnection connection, String table, Run run, LeaderboardWindow window) {
    if (window.isPeriod()) {
      return connection.preparedQuery(RANK_PERIOD.formatted(table))
        .execute(Tuple.of(run.id(), window.name(), run.computedAt()))
        .map(rows -> rows.rowCount());
    }
    return connection.preparedQuery(RANK_ALL_TIME.formatted(table)).execute(Tuple.of(run.id())).map(rows -> rows.rowCount());
  }

  /** Attaches the run's loaded boards as its partition (still invisible to readers). */
  Future<Void> attach(SqlConnection connection, long runId, List<LeaderboardWindow> boards) {
    String[] names = boards.stream().map(LeaderboardWindow::name).toArray(String[]::new);
    return connection.preparedQuery(ATTACH).execute(Tuple.tuple().addLong(runId).addArrayOfString(names)).mapEmpty();
  }

  /** Makes the run the one readers see (at commit). */
  Future<Void> publish(SqlConnection connection, long runId, int rankedUsers, long durationMs) {
    return connection.preparedQuery(PUBLISH)
      .execute(Tuple.of(runId, rankedUsers, (int) Math.min(Integer.MAX_VALUE, durationMs)))
      .mapEmpty();
  }

  /** Removes the boards of replaced runs; how many runs' boards went. */
  Future<Integer> retire(SqlConnection connection) {
    return connection.query(RETIRE_LOCK_TIMEOUT).execute()
      .compose(v -> connection.query(DROP_REPLACED).execute())
      .map(rows -> rows.iterator().next().getInteger("dropped"))
      .compose(dropped -> connection.query(RETIRE).execute().map(dropped));
  }
}
