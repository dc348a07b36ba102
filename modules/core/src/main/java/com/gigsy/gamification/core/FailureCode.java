package com.gigsy.gamification.core;

import io.vertx.core.eventbus.ReplyException;

/** Stable failure codes carried by event-bus failure replies. */
public enum FailureCode {
  /** The dependency (PostgreSQL, Kafka) is unavailable right now; the same request may succeed later. */
  TRANSIENT(503),
  /** The request itself can never succeed; retrying it is pointless. */
  INVALID(400),
  /** Anything else: a bug or an unexpected state. */
  INTERNAL(500);

  private final int code;

  FailureCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The code of a failed request, {@link #INTERNAL} when it is not a recognised failure reply. */
  public static FailureCode of(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      for (FailureCode candidate : values()) {
        if (candidate.code == reply.failureCode()) {
          return candidate;
        }
      }
      if (reply.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS
        || reply.failureType() == io.vertx.core.eventbus.ReplyFailure.TIMEOUT) {
        return TRANSIENT;
      }
    }
    return INTERNAL;
  }
}
