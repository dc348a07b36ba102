package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.AdvisoryLocks;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.function.Function;

/**
 * Keeps the inbox bounded (CONTRACT §11, {@code GAMIFICATION_INBOX_RETENTION}): {@code processed_events} is partitioned
 * by month of processing (migration V13); each run creates the partitions of this month and the next two when missing,
 * and drops the partitions whose whole month is older than the retention. Ids are so kept at least the retention, and
 * less than a month longer. One instance at a time does it (an advisory lock: the others skip that run), and each
 * step waits at most {@link #LOCK_TIMEOUT} for its lock on the inbox, so the engine's inserts never queue behind it
 * for longer; a step that could not have its lock is tried again at the next run.
 */
final class InboxRetention {

  /** Advisory-lock key of a maintenance run. */
  static final long LOCK_KEY = AdvisoryLocks.INBOX_RETENTION;
  private static final String LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s'";
  private static final int MONTHS_AHEAD = 2;
  private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock($1) AS locked";
  private static final String PREPARE = "SELECT gamification_inbox_prepare($1) AS n";
  private static final String EXPIRE = "SELECT gamification_inbox_expire(now() - $1::bigint * interval '1 second') AS n";

  /** What one run did: partitions created, partitions dropped (-1 each when another instance held the lock). */
  record Outcome(int created, int dropped) {
  }

  private final Pool pool;
  private final Duration retention;

  InboxRetention(Pool pool, Duration retention) {
    this.pool = pool;
    this.retention = retention;
  }

  Future<Outcome> run() {
    return step(conn -> conn.preparedQuery(PREPARE).execute(Tuple.of(MONTHS_AHEAD)))
      .compose(created -> step(conn -> conn.preparedQuery(EXPIRE).execute(Tuple.of(retention.toSeconds())))
        .map(dropped -> new Outcome(created, dropped)));
  }

  /** One step in a transaction of its own, when this instance has the lock; what it counted, or -1. */
  private Future<Integer> step(Function<SqlConnection, Future<RowSet<Row>>> work) {
    return pool.withTransaction(conn -> conn.preparedQuery(TRY_LOCK).execute(Tuple.of(LOCK_KEY))
      .compose(locked -> {
        if (!locked.iterator().next().getBoolean("locked")) {
          return Future.succeededFuture(-1);
        }
        return conn.query(LOCK_TIMEOUT).execute()
          .compose(set -> work.apply(conn))
          .map(rows -> rows.iterator().next().getInteger("n"));
      }));
  }
}
