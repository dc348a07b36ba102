package com.gigsy.gamification.api.graphql;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Unexpected failures: each is logged once with its stack trace under a fresh correlation id, and
 * the client sees only that id, never the cause (no SQL, no stack trace).
 */
public final class InternalErrors {

  private static final Logger LOG = LoggerFactory.getLogger(InternalErrors.class);

  /** The key of the correlation id in an error's {@code extensions}. */
  public static final String CORRELATION_ID_KEY = "correlationId";

  private InternalErrors() {
  }

  /**
   * Logs the failure and returns its correlation id.
   *
   * @param where what was being done, e.g. the GraphQL path or the HTTP route
   */
  public static String report(String where, Throwable failure) {
    String id = UUID.randomUUID().toString();
    LOG.error("Internal error {} while serving {}", id, where, failure);
    return id;
  }

  /** Logs a failure that has no exception (e.g. a GraphQL error produced by the engine). */
  static String report(String where, String description) {
    String id = UUID.randomUUID().toString();
    LOG.error("Internal error {} while serving {}: {}", id, where, description);
    return id;
  }

  /** What the client reads. */
  public static String clientMessage(String correlationId) {
    return "Internal error; quote correlation id " + correlationId + " when reporting it";
  }
}
