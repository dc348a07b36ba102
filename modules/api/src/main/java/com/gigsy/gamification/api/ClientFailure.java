package com.gigsy.gamification.api;

/**
 * A refusal by one of our HTTP handlers, before GraphQL runs, whose message is written for the client: the HTTP
 * failure handler shows it as is, with the code of the response's status.
 */
final class ClientFailure extends RuntimeException {

  ClientFailure(String message) {
    super(message, null, false, false);
  }
}
