package com.gigsy.gamification.leaderboard;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Runs scheduled computations: one at start, then each next one timed by {@link RunOutcome#nextDelayMillis}
 * with {@code setTimer} once the previous has completed, so runs of an instance never overlap.
 */
final class RecomputeSchedule {

  private static final Logger LOG = LoggerFactory.getLogger(RecomputeSchedule.class);

  /** How long to wait after a failed attempt (e.g. PostgreSQL unreachable) before trying again. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Recompute recompute;
  private final Duration interval;
  private long timerId = -1;
  private boolean stopped;
  private Future<RunOutcome> inFlight = Future.succeededFuture();

  RecomputeSchedule(Vertx vertx, Recompute recompute, Duration interval) {
    this.vertx = vertx;
    this.recompute = recompute;
    this.interval = interval;
  }

  void start() {
    attempt();
  }

  private void attempt() {
    timerId = -1;
    if (stopped) {
      return;
    }
    inFlight = recompute.scheduled();
    inFlight.onComplete(outcome -> next(outcome.nextDelayMillis(interval)), failure -> {
      LOG.warn("Leaderboard computation failed, retrying in {}: {}", RETRY_AFTER_FAILURE, failure.getMessage());
      next(Math.min(interval.toMillis(), RETRY_AFTER_FAILURE.toMillis()));
    });
  }

  private void next(long delayMillis) {
    if (!stopped) {
      timerId = vertx.setTimer(delayMillis, id -> attempt());
    }
  }

  /** Stops scheduling; completes when the attempt in progress, if any, has. */
  Future<Void> stop() {
    stopped = true;
    if (timerId != -1) {
      vertx.cancelTimer(timerId);
    }
    Promise<Void> settled = Promise.promise();
    inFlight.onComplete(ignored -> settled.complete());
    return settled.future();
  }
}
