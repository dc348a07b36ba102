package com.gigsy.gamification.core;

/**
 * The keys of the PostgreSQL advisory locks that make one instance at a time do a piece of work, in one place so that
 * no two pieces of work share a key by mistake ("gamify" + a number). The users' and the rules' locks are two-key
 * locks of their own ({@link UserLocks}, {@code engine/lock-users.sql}).
 */
public final class AdvisoryLocks {

  /** Applying the schema migrations. */
  public static final long MIGRATIONS = 0x67616d6966790001L;
  /**
   * A leaderboard computation; an erasure takes it too (gamification_erase_user, migration V12, where the number is
   * written out), so no computation publishes totals it is deleting.
   */
  public static final long LEADERBOARD = 0x67616d6966790002L;
  /** Creating and dropping the inbox's partitions. */
  public static final long INBOX_RETENTION = 0x67616d6966790003L;
  /** Loading the demo data. */
  public static final long DEMO_DATA = 0x67616d6966790004L;

  private AdvisoryLocks() {
  }
}
