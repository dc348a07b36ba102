package com.gigsy.gamification.engine;

import io.vertx.pgclient.PgException;

/** Tells a failure PostgreSQL will repeat for the same input from one that may pass on a retry. */
final class SqlFailures {

  private SqlFailures() {
  }

  /**
   * Permanent: the data itself is refused — data exceptions (class 22, e.g. a value out of range),
   * integrity violations (23) and program limits (54, e.g. a row too large). Everything else, a lost
   * connection, a deadlock, a server shutting down, a missing table, is treated as transient: retried
   * without limit rather than dead-lettering correct events because of an outage or a bug.
   */
  static boolean isPermanent(Throwable failure) {
    if (failure instanceof PgException pg && pg.getSqlState() != null) {
      String sqlClass = pg.getSqlState().substring(0, 2);
      return sqlClass.equals("22") || sqlClass.equals("23") || sqlClass.equals("54");
    }
    return false;
  }

  /** A one-line description that is safe to log and to put in a DLQ header. */
  static String describe(Throwable failure) {
    if (failure instanceof PgException pg) {
      return "PostgreSQL refused the event (SQLSTATE " + pg.getSqlState() + "): " + pg.getErrorMessage();
    }
    return failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }
}
