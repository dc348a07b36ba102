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

  private UserLocks() {
  }
}
