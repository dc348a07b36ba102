package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.GamificationEvent;
import com.gigsy.gamification.core.SqlResources;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of the background jobs (table {@code jobs}): claiming, progress, the events a backfill replays, a level's award. */
final class JobRepository {

  /** A job as its runner sees it. */
  record Job(long id, String kind, Long ruleId, Long levelId, long cursor, String cursorUser, Long total, String createdBy) {

    boolean prepared() {
      return total != null;
    }
  }

  /** One backfill batch: the events and the number of the last one. */
  record Batch(List<GamificationEvent> events, long last) {
  }

  /** What one batch of a level's award did. */
  record LevelStep(String lastUser, long lookedAt, long granted) {
  }

  /** A job nobody runs: new, or whose runner stopped renewing its claim for longer than {@code stale} seconds. */
  private static final String CLAIM = """
    UPDATE jobs SET owner = $1, heartbeat = now()
    WHERE id = (SELECT id FROM jobs
                WHERE status = 'RUNNING' AND (owner IS NULL OR heartbeat < now() - make_interval(secs => $2))
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, rule_id, level_id, cursor, cursor_user, total, created_by""";
  /** Renews the claim and records progress; no row when the claim was lost (the caller's transaction must roll back). */
  private static final String PROGRESS = """
    UPDATE jobs SET heartbeat = now(), cursor = $3, cursor_user = $4, processed = processed + $5, granted = granted + $6
    WHERE id = $1 AND owner = $2 AND status = 'RUNNING'
    RETURNING id""";
  private static final String PREPARED = """
    UPDATE jobs SET heartbeat = now(), total = $3 WHERE id = $1 AND owner = $2 AND status = 'RUNNING' RETURNING id""";
  private static final String FINISH = """
    UPDATE jobs SET status = $3, error = $4, finished_at = now(), heartbeat = now()
    WHERE id = $1 AND owner = $2 AND status = 'RUNNING'""";
  private static final String RELEASE = "UPDATE jobs SET owner = NULL WHERE id = $1 AND owner = $2 AND status = 'RUNNING'";
  private static final String FORGET_EVENTS = "DELETE FROM job_events WHERE job_id = $1";
  private static final String NEXT_EVENTS = """
    SELECT j.n, e.event_id, e.event_name, e.user_id, e.related_entity_id, e.occurred_at, e.attributes::text AS attributes
    FROM job_events j JOIN processed_events e ON e.event_id = j.event_id
    WHERE j.job_id = $1 AND j.n > $2
    ORDER BY j.n
    LIMIT $3""";
  private static final String LAST_EVENT = "SELECT coalesce(max(n), 0) AS n FROM job_events WHERE job_id = $1";
  private static final String RULE_ACTIVE = "SELECT active FROM gamification_rules WHERE id = $1";
  private static final String LEVEL = "SELECT min_points, badge_id, title_id, deleted FROM levels WHERE id = $1";
  private static final String LEVEL_TOTAL = "SELECT count(*) AS n FROM user_totals WHERE total_points >= $1";

  private final String prepareSql = SqlResources.load("engine/backfill-prepare.sql");
  private final String levelAwardSql = SqlResources.load("engine/level-award.sql");

  Future<Optional<Job>> claim(SqlClient client, String owner, long staleSeconds) {
    return client.preparedQuery(CLAIM).execute(Tuple.of(owner, staleSeconds)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Job(row.getLong("id"), row.getString("kind"), row.getLong("rule_id"), row.getLong("level_id"),
        row.getLong("cursor"), row.getString("cursor_user"), row.getLong("total"), row.getString("created_by")));
    });
  }

  /** Numbers a backfill's events and records how many; fails when the claim was lost. */
  Future<Long> prepareBackfill(SqlConnection conn, Job job, String owner) {
    return conn.preparedQuery(prepareSql).execute(Tuple.of(job.id()))
      .map(rows -> rows.iterator().next().getLong("total"))
      .compose(total -> owned(conn.preparedQuery(PREPARED).execute(Tuple.of(job.id(), owner, total))).map(total));
  }

  /** Counts the users a level's award looks at (those whose total reaches it now); fails when the claim was lost. */
  Future<Long> prepareLevel(SqlConnection conn, Job job, String owner, long minPoints) {
    return conn.preparedQuery(LEVEL_TOTAL).execute(Tuple.of(minPoints))
      .map(rows -> rows.iterator().next().getLong("n"))
      .compose(total -> owned(conn.preparedQuery(PREPARED).execute(Tuple.of(job.id(), owner, total))).map(total));
  }

  /** The next events of a backfill after number {@code after}, as the engine applies them; empty when none is left. */
  Future<Batch> nextEvents(SqlClient client, Job job, long after, int limit) {
    return client.preparedQuery(NEXT_EVENTS).execute(Tuple.of(job.id(), after, limit)).compose(rows -> {
      List<GamificationEvent> events = new ArrayList<>(rows.size());
      long last = after;
      for (Row row : rows) {
        last = row.getLong("n");
        OffsetDateTime occurredAt = row.getOffsetDateTime("occurred_at");
        events.add(new GamificationEvent(row.getString("event_id"), row.getString("event_name"), row.getString("user_id"),
          row.getString("related_entity_id"), occurredAt.toInstant(), job.createdBy(), row.getString("attributes")));
      }
      if (rows.size() > 0 || last > after) {
        return Future.succeededFuture(new Batch(events, last));
      }
      // events gone from the inbox (retention) leave gaps: the batch is empty only at the end
      return client.preparedQuery(LAST_EVENT).execute(Tuple.of(job.id()))
        .map(max -> new Batch(List.of(), Math.max(after, max.iterator().next().getLong("n"))));
    });
  }

  Future<Boolean> ruleActive(SqlClient client, long ruleId) {
    return client.preparedQuery(RULE_ACTIVE).execute(Tuple.of(ruleId))
      .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("active"));
  }

  /** The level's min points, badge and title; empty when it was deleted. */
  Future<Optional<Row>> level(SqlClient client, long levelId) {
    return client.preparedQuery(LEVEL).execute(Tuple.of(levelId)).map(rows -> {
      Row row = rows.iterator().next();
      return row.getBoolean("deleted") ? Optional.<Row>empty() : Optional.of(row);
    });
  }

  Future<LevelStep> awardLevel(SqlConnection conn, Job job, Row level, String afterUser, int limit) {
    Tuple params = Tuple.tuple().addLong(job.levelId()).addLong(level.getLong("min_points")).addLong(level.getLong("badge_id"))
      .addLong(level.getLong("title_id")).addString(afterUser).addInteger(limit).addString("job-" + job.id());
    return conn.preparedQuery(levelAwardSql).execute(params).map(rows -> {
      Row row = rows.iterator().next();
      return new LevelStep(row.getString("last_user"), row.getLong("looked_at"), row.getLong("granted"));
    });
  }

  /** Records a batch's progress; fails when the claim was lost, so the batch's transaction rolls back. */
  Future<Void> progress(SqlConnection conn, Job job, String owner, long cursor, String cursorUser, long processed,
                        long granted) {
    return owned(conn.preparedQuery(PROGRESS).execute(Tuple.of(job.id(), owner, cursor, cursorUser, processed, granted)));
  }

  /** Ends a job: SUCCEEDED, or FAILED with the reason; its numbered events go. */
  Future<Void> finish(SqlConnection conn, Job job, String owner, String status, String error) {
    return conn.preparedQuery(FINISH).execute(Tuple.of(job.id(), owner, status, error))
      .compose(v -> conn.preparedQuery(FORGET_EVENTS).execute(Tuple.of(job.id())))
      .mapEmpty();
  }

  /** Gives a claim back (a graceful stop), so another runner resumes the job at once. */
  Future<Void> release(SqlClient client, Job job, String owner) {
    return client.preparedQuery(RELEASE).execute(Tuple.of(job.id(), owner)).mapEmpty();
  }

  private static Future<Void> owned(Future<io.vertx.sqlclient.RowSet<Row>> update) {
    return update.compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture()
      : Future.failedFuture(new LostClaim()));
  }

  /** Another runner took the job over (this one was too slow to renew its claim): stop without writing. */
  static final class LostClaim extends RuntimeException {
    LostClaim() {
      super("the job's claim was lost to another runner", null, false, false);
    }
  }
}
