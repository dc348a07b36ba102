package com.gigsy.gamification.app;

import com.gigsy.gamification.core.AdvisoryLocks;
import com.gigsy.gamification.core.SqlResources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Loads the demo badges, titles and rules of {@code db/demo-data.sql} (dev mode, or
 * {@code GAMIFICATION_DEMO_DATA=true}). Idempotent, and safe with several instances starting together.
 */
public final class DemoData {

  static final String RESOURCE = "db/demo-data.sql";
  /** Advisory-lock key of the demo data. */
  static final long LOCK_KEY = AdvisoryLocks.DEMO_DATA;

  private DemoData() {
  }

  public static Future<Void> load(Vertx vertx, Pool pool) {
    return vertx.executeBlocking(() -> SqlResources.load(RESOURCE))
      .compose(sql -> pool.withTransaction(connection -> connection
        .preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
        .compose(locked -> connection.query(sql).execute())
        .mapEmpty()));
  }
}
