package com.gigsy.gamification.api.graphql;

/**
 * A refusal by one of our HTTP handlers, before GraphQL runs, whose message is written for the client: the HTTP
 * failure handler shows it as is, with the code of the response's status.
 */
public final class ClientFailure extends RuntimeException {

  public ClientFailure(String message) {
    super(message, null, false, false);
  }
}
