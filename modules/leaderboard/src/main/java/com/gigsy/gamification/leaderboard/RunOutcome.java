package com.gigsy.gamification.leaderboard;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * What one attempt to compute the leaderboard came to, and so when the schedule tries next.
 *
 * @param computedAt the instant the new boards reflect; null unless {@link Kind#COMPUTED}
 * @param dueInMillis for {@link Kind#FRESH}: how long until the latest computation is an interval old
 */
record RunOutcome(Kind kind, OffsetDateTime computedAt, int rankedUsers, long dueInMillis) {

  /** How long to wait after finding the lock held by another instance before looking again. */
  static final Duration BUSY_RETRY = Duration.ofSeconds(1);

  enum Kind {
    /** This instance computed new boards. */
    COMPUTED,
    /** A computation less than an interval old exists (maybe another instance's): nothing to do yet. */
    FRESH,
    /** Another instance is computing right now. */
    BUSY
  }

  static RunOutcome computed(OffsetDateTime computedAt, int rankedUsers) {
    return new RunOutcome(Kind.COMPUTED, computedAt, rankedUsers, 0);
  }

  static RunOutcome fresh(long dueInMillis) {
    return new RunOutcome(Kind.FRESH, null, 0, dueInMillis);
  }

  static RunOutcome busy() {
    return new RunOutcome(Kind.BUSY, null, 0, 0);
  }

  /**
   * Milliseconds until the next attempt: an interval after a computation; when the latest one becomes
   * an interval old after a fresh one (so a surviving instance takes over on time); soon after a busy one,
   * to find out whether the other instance succeeded.
   */
  long nextDelayMillis(Duration interval) {
    return switch (kind) {
      case COMPUTED -> interval.toMillis();
      case FRESH -> Math.max(1, dueInMillis);
      case BUSY -> Math.min(interval.toMillis(), BUSY_RETRY.toMillis());
    };
  }
}
