package com.gigsy.gamification.core;

/** Stable failure codes carried by event-bus failure replies ({@code Message.fail(code, message)}). */
public enum FailureCode {
  /** The dependency (PostgreSQL, Kafka) is unavailable right now; the same request may succeed later. */
  TRANSIENT(503);

  private final int code;

  FailureCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
