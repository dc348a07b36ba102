package com.gigsy.gamification.core;

/** Event-bus addresses, one constant per conversation between modules. */
public final class Addresses {

  /**
   * ingest → engine: apply a batch of validated events. Request: an {@link ApplyBatch}. Reply: an
   * {@link ApplyResult} (both with the codecs of {@link MessageCodecs}); a failure reply
   * ({@code RECIPIENT_FAILURE}, the reason as its message) means nothing was applied: the sender tries again later.
   */
  public static final String EVENTS_APPLY = "gamification.events.apply";

  /** engine → rewards relay (same instance): rewards were written to the outbox, publish them soon. No body. */
  public static final String OUTBOX_WRITTEN = "gamification.outbox.written";

  /**
   * anyone → leaderboard: recompute every board now (waiting for a computation in progress elsewhere).
   * No body. Reply: {@code {"computedAt": ISO-8601}}, the instant the new boards reflect; a failure reply
   * ({@code RECIPIENT_FAILURE}) means nothing was published.
   */
  public static final String LEADERBOARD_RECOMPUTE = "gamification.leaderboard.recompute";

  /**
   * api → every api verticle of the same process, published: this process recomputed the boards or changed
   * the exclusions; forget the copies of the boards' tops. No body.
   */
  public static final String LEADERBOARD_CHANGED = "gamification.leaderboard.changed";

  /**
   * api → the jobs runners of the same process, published: a background job was created (a backfill, a level's award);
   * look for it now rather than at the next poll. No body.
   */
  public static final String JOB_CREATED = "gamification.jobs.created";

  private Addresses() {
  }
}
