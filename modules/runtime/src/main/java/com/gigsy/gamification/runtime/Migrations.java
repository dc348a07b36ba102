package com.gigsy.gamification.runtime;

import com.gigsy.gamification.core.AdvisoryLocks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the {@link MigrationScript}s a database has not seen, each in its own transaction, and records
 * them in {@code schema_migrations}. Instances starting together serialise on a transaction-scoped
 * advisory lock. Refuses to go on when an applied file has changed since: a schema is changed by adding
 * a migration, never by editing one.
 */
public final class Migrations {

  /** Advisory-lock key of migrations. */
  static final long LOCK_KEY = AdvisoryLocks.MIGRATIONS;

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private static final String LOCK = "SELECT pg_advisory_xact_lock($1)";
  private static final String TABLE_EXISTS = "SELECT to_regclass('schema_migrations') IS NOT NULL AS present";
  private static final String CREATE_TABLE = """
    CREATE TABLE schema_migrations (
      version    integer     PRIMARY KEY,
      name       text        NOT NULL,
      checksum   text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )""";
  private static final String APPLIED = "SELECT name, checksum FROM schema_migrations WHERE version = $1";
  private static final String RECORD = "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)";

  private Migrations() {
  }

  /** Applies the migrations of this build's classpath; the file names applied now (empty: none were due). */
  public static Future<List<String>> apply(Vertx vertx, Pool pool) {
    return vertx.executeBlocking(MigrationScript::loadAll)
      .compose(scripts -> apply(pool, scripts));
  }

  public static Future<List<String>> apply(Pool pool, List<MigrationScript> scripts) {
    List<String> applied = new ArrayList<>();
    Future<Void> chain = pool.withTransaction(Migrations::ensureTable);
    for (MigrationScript script : scripts) {
      chain = chain.compose(v -> pool.withTransaction(connection -> applyOne(connection, script)))
        .map(done -> {
          if (done) {
            applied.add(script.fileName());
          }
          return null;
        });
    }
    return chain.map(v -> {
      if (!applied.isEmpty()) {
        LOG.info("Applied migrations {}", applied);
      }
      return List.copyOf(applied);
    });
  }

  private static Future<Void> ensureTable(SqlConnection connection) {
    return lock(connection)
      .compose(v -> connection.query(TABLE_EXISTS).execute())
      .compose(rows -> rows.iterator().next().getBoolean("present")
        ? Future.succeededFuture()
        : connection.query(CREATE_TABLE).execute().mapEmpty());
  }

  /** Applies one script unless recorded; whether it was applied now. */
  private static Future<Boolean> applyOne(SqlConnection connection, MigrationScript script) {
    return lock(connection)
      .compose(v -> connection.preparedQuery(APPLIED).execute(Tuple.of(script.version())))
      .compose(rows -> {
        if (rows.size() > 0) {
          return verifyUnchanged(script, rows.iterator().next()).map(false);
        }
        // one simple query: the file holds many statements and $$-quoted function bodies
        return connection.query(script.sql()).execute()
          .compose(result -> connection.preparedQuery(RECORD)
            .execute(Tuple.of(script.version(), script.fileName(), script.checksum())))
          .map(true);
      });
  }

  private static Future<Void> verifyUnchanged(MigrationScript script, Row applied) {
    String checksum = applied.getString("checksum");
    if (checksum.equals(script.checksum())) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(new IllegalStateException("migration " + script.fileName()
      + " was changed after it was applied to this database (applied as " + applied.getString("name")
      + ", checksum " + checksum + "; this build's: " + script.checksum()
      + "). Restore the file and put the change in a new migration."));
  }

  private static Future<Void> lock(SqlConnection connection) {
    return connection.preparedQuery(LOCK).execute(Tuple.of(LOCK_KEY)).mapEmpty();
  }
}
