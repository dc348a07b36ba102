package com.gigsy.gamification.api.leaderboard;

import com.gigsy.gamification.core.LeaderboardWindow;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the current leaderboard snapshot ({@code leaderboard_current} → {@code leaderboard_runs} →
 * {@code leaderboard_entries}, one partition per run, one leaf per board) and writes {@code leaderboard_exclusions}.
 * Each read is one statement that finds the current run itself, so it sees one snapshot even while a new one is
 * published, and PostgreSQL reads only that run's board. Users excluded since the snapshot was computed are left
 * out at once.
 */
final class LeaderboardRepository {

  /**
   * The state a copy of the top of a board depends on ({@link BoardTops}); {@code runId} is null before the first
   * computation.
   */
  record Pointer(Long runId, long exclusionsVersion) {
  }

  /** What a copy of the top of a board depends on: the current run and the version of the exclusions. */
  private static final String POINTER = """
    SELECT c.run_id, v.version
    FROM leaderboard_exclusions_version v
    LEFT JOIN leaderboard_current c ON true
    """;

  /*
   * A user's entry is found through the index of the hash of the user id (hashtext), then compared by id.
   * Entries compare user ids in byte order ("C"); leaderboard_exclusions in the database's collation. Matching
   * an entry against the exclusions names the latter, so that the exclusions' index serves (equality is the same).
   */

  /** The run readers see, and the start of the window's period in it ($1: the window). */
  private static final String CURRENT_RUN = """
    current_run AS (
      SELECT c.run_id, r.computed_at,
             CASE WHEN $1::text = 'ALL_TIME' THEN NULL
                  ELSE gamification_period_start($1::text, r.computed_at)::timestamp AT TIME ZONE 'UTC' END AS period_start
      FROM leaderboard_current c
      JOIN leaderboard_runs r ON r.id = c.run_id
    )""";

  /**
   * The first $2 visible entries of board $1. No row: nothing computed yet; one row with a null user: a
   * computed board without visible entries.
   */
  static final String TOP = "WITH " + CURRENT_RUN + """

    SELECT b.computed_at, b.period_start, e.rank, e.user_id, e.total_points
    FROM current_run b
    LEFT JOIN LATERAL (
      SELECT e.position, e.rank, e.user_id, e.total_points
      FROM leaderboard_entries e
      WHERE e.run_id = b.run_id AND e.board = $1::text
        AND NOT EXISTS (SELECT 1 FROM leaderboard_exclusions x WHERE x.user_id = e.user_id COLLATE "default")
      ORDER BY e.position
      LIMIT $2
    ) e ON true
    ORDER BY e.position
    """;

  /**
   * User $2's entry on board $1 and up to $3 visible entries either side of it. The user's position is one
   * lookup of the user (hash) index, and each side a short range scan of the primary key, whatever the board's
   * size.
   */
  private static final String AROUND = "WITH " + CURRENT_RUN + """
    ,
    me AS (
      SELECT e.run_id, e.position
      FROM leaderboard_entries e
      WHERE e.run_id = (SELECT run_id FROM current_run) AND e.board = $1::text
        AND hashtext(e.user_id) = hashtext($2) AND e.user_id = $2
        AND NOT EXISTS (SELECT 1 FROM leaderboard_exclusions x WHERE x.user_id = $2)
    ),
    neighbours AS (
      (SELECT e.position, e.rank, e.user_id, e.total_points
       FROM leaderboard_entries e
       WHERE e.run_id = (SELECT run_id FROM me) AND e.board = $1::text AND e.position < (SELECT position FROM me)
         AND NOT EXISTS (SELECT 1 FROM leaderboard_exclusions x WHERE x.user_id = e.user_id COLLATE "default")
       ORDER BY e.position DESC
       LIMIT $3)
      UNION ALL
      (SELECT e.position, e.rank, e.user_id, e.total_points
       FROM leaderboard_entries e
       WHERE e.run_id = (SELECT run_id FROM me) AND e.board = $1::text AND e.position >= (SELECT position FROM me)
         AND NOT EXISTS (SELECT 1 FROM leaderboard_exclusions x WHERE x.user_id = e.user_id COLLATE "default")
       ORDER BY e.position
       LIMIT $3 + 1)
    )
    SELECT b.computed_at, b.period_start, n.rank, n.user_id, n.total_points
    FROM current_run b
    LEFT JOIN neighbours n ON true
    ORDER BY n.position
    """;

  /** One lookup of the user (hash) index in the current run's all-time board. */
  static final String RANK = """
    SELECT e.rank
    FROM leaderboard_entries e
    WHERE e.run_id = (SELECT run_id FROM leaderboard_current) AND e.board = 'ALL_TIME'
      AND hashtext(e.user_id) = hashtext($1) AND e.user_id = $1
      AND NOT EXISTS (SELECT 1 FROM leaderboard_exclusions x WHERE x.user_id = $1)
    """;

  private static final String EXCLUDE = """
    INSERT INTO leaderboard_exclusions (user_id, excluded_by) VALUES ($1, $2)
    ON CONFLICT (user_id) DO NOTHING
    """;

  private static final String INCLUDE = "DELETE FROM leaderboard_exclusions WHERE user_id = $1";

  private final SqlClient client;

  LeaderboardRepository(SqlClient client) {
    this.client = client;
  }

  /** The current run and version of the exclusions: one row of each of two one-row tables. */
  Future<Pointer> pointer() {
    return client.preparedQuery(POINTER).execute().map(rows -> {
      Row row = rows.iterator().next();
      return new Pointer(row.getLong("run_id"), row.getLong("version"));
    });
  }

  /** The first {@code limit} visible entries of a board. */
  Future<Leaderboard> top(LeaderboardWindow window, int limit) {
    return client.preparedQuery(TOP).execute(Tuple.of(window.name(), limit)).map(LeaderboardRepository::board);
  }

  /** A user's entry with up to {@code radius} entries above and below; no entries when the user is not on the board. */
  Future<Leaderboard> around(LeaderboardWindow window, String userId, int radius) {
    return client.preparedQuery(AROUND).execute(Tuple.of(window.name(), userId, radius)).map(LeaderboardRepository::board);
  }

  /** The user's all-time rank in the current snapshot; null when not ranked (no points, excluded, not computed). */
  Future<Integer> rank(String userId) {
    return client.preparedQuery(RANK).execute(Tuple.of(userId))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger("rank"));
  }

  /** Within the caller's transaction (the mutation's, with its audit entry). */
  static Future<Void> setExcluded(SqlClient conn, String userId, boolean excluded, String by) {
    return excluded
      ? conn.preparedQuery(EXCLUDE).execute(Tuple.of(userId, by)).mapEmpty()
      : conn.preparedQuery(INCLUDE).execute(Tuple.of(userId)).mapEmpty();
  }

  /** No row: nothing computed yet; rows with a null user: a computed board without (those) entries. */
  private static Leaderboard board(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Leaderboard.notComputed();
    }
    List<Leaderboard.Entry> entries = new ArrayList<>(rows.size());
    Row first = null;
    for (Row row : rows) {
      first = first == null ? row : first;
      if (row.getString("user_id") != null) {
        entries.add(new Leaderboard.Entry(row.getInteger("rank"), row.getString("user_id"), row.getLong("total_points")));
      }
    }
    return new Leaderboard(first.getOffsetDateTime("computed_at"), first.getOffsetDateTime("period_start"), entries);
  }
}
