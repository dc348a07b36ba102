package com.gigsy.gamification.api.levels;

import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.api.graphql.Ids;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code levels}: the list and the admin's writes (a user's standing is read with their profile, {@code ProfileSnapshots}).
 * A level created, or lowered, queues a LEVEL job (table {@code jobs}) in the same transaction, which the engine role's
 * job runner runs: the users whose total already reaches it get it then.
 */
final class LevelRepository {

  private static final String COLUMNS = "id, name, min_points, badge_id, title_id";
  private static final String ALL = "SELECT " + COLUMNS + " FROM levels WHERE NOT deleted ORDER BY min_points";
  private static final String INSERT = """
    INSERT INTO levels (name, min_points, badge_id, title_id) VALUES ($1, $2, $3, $4) RETURNING %s""".formatted(COLUMNS);
  /** $5: the id; the old min points come back too, to tell whether the level was lowered. */
  private static final String UPDATE = """
    UPDATE levels l SET name = $1, min_points = $2, badge_id = $3, title_id = $4, updated_at = now()
    FROM (SELECT id, min_points AS old_min_points FROM levels WHERE id = $5 AND NOT deleted FOR UPDATE) old
    WHERE l.id = old.id
    RETURNING l.id, l.name, l.min_points, l.badge_id, l.title_id, old.old_min_points""";
  private static final String DELETE = "UPDATE levels SET deleted = true, updated_at = now() WHERE id = $1 AND NOT deleted";
  private static final String AWARD_JOB = "INSERT INTO jobs (kind, level_id, created_by) VALUES ('LEVEL', $1, $2)";

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final SqlClient client;

  LevelRepository(SqlClient client) {
    this.client = client;
  }

  Future<List<Level>> all() {
    return client.query(ALL).execute().map(rows -> {
      List<Level> levels = new ArrayList<>(rows.size());
      rows.forEach(row -> levels.add(level(row, "")));
      return levels;
    });
  }

  /** Creates the level and queues its award to the users already there. */
  Future<Level> create(SqlClient conn, LevelFetchers.LevelInput input, String admin) {
    return conn.preparedQuery(INSERT).execute(input.tuple())
      .recover(failure -> refused(failure, input))
      .map(rows -> level(rows.iterator().next(), ""))
      .compose(level -> queueAward(conn, level.id(), admin).map(level));
  }

  /** The updated level, or null when there is none; lowered, its award is queued again. */
  Future<Level> update(SqlClient conn, long id, LevelFetchers.LevelInput input, String admin) {
    return conn.preparedQuery(UPDATE).execute(input.tuple().addLong(id))
      .recover(failure -> refused(failure, input))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture(null);
        }
        Row row = rows.iterator().next();
        Level level = level(row, "");
        return level.minPoints() < row.getLong("old_min_points") ? queueAward(conn, id, admin).map(level)
          : Future.succeededFuture(level);
      });
  }

  /** Whether a level with this id existed (it is deleted now). */
  Future<Boolean> delete(SqlClient conn, long id) {
    return conn.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  private static Future<Void> queueAward(SqlClient conn, long levelId, String admin) {
    return conn.preparedQuery(AWARD_JOB).execute(Tuple.of(levelId, admin)).mapEmpty();
  }

  /** Another level at these points is BAD_USER_INPUT; an unknown badge or title NOT_FOUND. */
  private static Future<RowSet<Row>> refused(Throwable failure, LevelFetchers.LevelInput input) {
    if (failure instanceof PgException pg) {
      if (UNIQUE_VIOLATION.equals(pg.getSqlState())) {
        return Future.failedFuture(ApiException.badUserInput("input.minPoints", "another level has these minPoints"));
      }
      if (FOREIGN_KEY_VIOLATION.equals(pg.getSqlState()) && pg.getConstraint() != null) {
        return Future.failedFuture(pg.getConstraint().contains("badge")
          ? Ids.notFound("input.badgeId", "Badge", String.valueOf(input.badgeId()))
          : Ids.notFound("input.titleId", "Title", String.valueOf(input.titleId())));
      }
    }
    return Future.failedFuture(failure);
  }

  private static Level level(Row row, String prefix) {
    return new Level(row.getLong(prefix + "id"), row.getString(prefix + "name"), row.getLong(prefix + "min_points"),
      row.getLong(prefix + "badge_id"), row.getLong(prefix + "title_id"));
  }
}
