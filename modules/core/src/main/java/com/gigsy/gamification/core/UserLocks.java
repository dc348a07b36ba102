package com.gigsy.gamification.core;

/**
 * The transaction-scoped advisory lock of one user: every writer of a user's rewards (the engine's batches, a
 * backfill's, the api's adjustments and revocations) takes it first, so their writes of one user never interleave and
 * each reads the totals and counters the previous one committed. The engine takes the locks of a batch's users in
 * one statement ({@code engine/lock-users.sql}, the same key space).
 */
public final class UserLocks {

  /** The first key of the lock (0x67616d69, 'gami'); the second is {@code hashtext(user id)}. */
  public static final int KEY_SPACE = 1734438249;

  /** Takes the lock of user $1 until the transaction ends. */
  public static final String LOCK_USER = "SELECT pg_advisory_xact_lock(" + KEY_SPACE + ", hashtext($1))";

  /**
   * Takes the rules lock shared until the transaction ends: every writer of the points log takes it before its user
   * locks ({@code engine/lock-users.sql} does for the engine's batches), so that, taken exclusively, it waits for every
   * entry numbered so far to be settled (migration V15, the leaderboard's fold of the daily totals).
   */
  public static final String LOG_WRITER = "SELECT pg_advisory_xact_lock_shared(1734438250, 0)";

  private UserLocks() {
  }
}
