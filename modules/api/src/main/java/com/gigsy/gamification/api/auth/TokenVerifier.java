package com.gigsy.gamification.api.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;

/**
 * Turns a bearer token into its {@link Caller}: the signature, {@code exp} (required), {@code nbf}, {@code iat}
 * (with the configured leeway) and, when configured, {@code iss} and the audience ({@link TokenRules}) are checked; unsigned tokens ({@code alg: none}) and tokens signed with
 * any other key or algorithm are refused. {@link TokenVerifiers#create} makes the one the configuration asks for.
 */
public interface TokenVerifier {

  /** The caller of a valid token, or a failed future whose message says why (for the log, not the client). */
  Future<Caller> verify(String token);

  /** Releases what the verifier holds (timers, HTTP clients). */
  Future<Void> close();

  /**
   * The caller a user of {@code vertx-auth} stands for: both providers keep the verified claims under
   * the attribute {@code accessToken}.
   */
  static Caller callerOf(User user, TokenRules rules) {
    JsonObject claims = user.attributes().getJsonObject("accessToken");
    if (claims == null) {
      throw new IllegalStateException("the token's claims were not verified");
    }
    return rules.callerOf(claims);
  }
}
