package com.gigsy.gamification.core;

/**
 * The transaction-scoped advisory lock of one user: every writer of a user's rewards (the engine's batches, a
 * backfill's, the api's adjustments and revocations) takes it first, so their writes of one user never interleave and
 * each reads the totals and counters the previous one committed. The engine takes the locks of a batch's users in
 * one statement ({@code engine/lock-users.sql}, the same key space). And the rules lock, which writers of the points
 * log hold shared and a rule's creation and the leaderboard's fold exclusively ({@code lock-users.sql} and migration
 * V15 spell its key out in SQL).
 */
public final class UserLocks {

  /** The first key of the lock (0x67616d69, 'gami'); the second is {@code hashtext(user id)}. */
  public static final int KEY_SPACE = 1734438249;

  /** The first key of the rules lock (0x67616d6a, 'gamj'); the second is 0. */
  public static final int RULES_KEY = 1734438250;

  /** Takes the lock of user $1 until the transaction ends. */
  public static final String LOCK_USER = "SELECT pg_advisory_xact_lock(" + KEY_SPACE + ", hashtext($1))";

  /**
   * Takes the rules lock shared until the transaction ends: every writer of the points log takes it before its user
   * locks ({@code engine/lock-users.sql} does for the engine's batches), so that, taken exclusively, it waits for every
   * entry numbered so far to be settled (migration V15, the leaderboard's fold of the daily totals).
   */
  public static final String LOG_WRITER = "SELECT pg_advisory_xact_lock_shared(" + RULES_KEY + ", 0)";

  /**
   * Takes the rules lock exclusively until the transaction ends: waits for the log's writers in flight and holds off
   * the next ones (a rule's creation, V10).
   */
  public static final String RULES = "SELECT pg_advisory_xact_lock(" + RULES_KEY + ", 0)";

  private UserLocks() {
  }
}
