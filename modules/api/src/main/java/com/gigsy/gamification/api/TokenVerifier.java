package com.gigsy.gamification.api;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;

import java.time.Clock;

/**
 * Turns a bearer token into its {@link Caller}: the signature, {@code exp} (required), {@code nbf} and,
 * when configured, {@code iss} are checked; unsigned tokens ({@code alg: none}) and tokens signed with
 * any other key or algorithm are refused.
 */
interface TokenVerifier {

  /** The caller of a valid token, or a failed future whose message says why (for the log, not the client). */
  Future<Caller> verify(String token);

  /** Releases what the verifier holds (timers, HTTP clients). */
  Future<Void> close();

  /**
   * The verifier the configuration asks for (CONTRACT §1): RS256 with keys from {@code GAMIFICATION_JWKS_URL}
   * when set, else HS256 with {@code GAMIFICATION_JWT_SECRET}. Fails when neither is set: the API never
   * runs open. (Dev mode generates a secret before the API starts.)
   */
  static Future<TokenVerifier> create(Vertx vertx, GamificationConfig config) {
    if (config.jwksUrl() != null) {
      return JwksTokenVerifier.start(vertx, config.jwksUrl(), config.jwtIssuer())
        .map(verifier -> new TokenCache(verifier, Clock.systemUTC()));
    }
    if (config.jwtSecret() != null) {
      return Future.succeededFuture(new TokenCache(new SecretTokenVerifier(vertx, config.jwtSecret(), config.jwtIssuer()),
        Clock.systemUTC()));
    }
    return Future.failedFuture(new IllegalStateException("The API needs " + Setting.JWT_SECRET.variable() + " or "
      + Setting.JWKS_URL.variable() + " to verify bearer tokens; neither is set"));
  }

  /**
   * The caller a user of {@code vertx-auth} stands for: both providers keep the verified claims under
   * the attribute {@code accessToken}.
   */
  static Caller callerOf(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken");
    if (claims == null) {
      throw new IllegalStateException("the token's claims were not verified");
    }
    return callerOf(claims);
  }

  /** The caller described by the claims of a token whose signature and times were checked. */
  static Caller callerOf(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number)) {
      throw new IllegalArgumentException("the token has no exp claim; tokens must expire");
    }
    return Caller.fromClaims(claims);
  }
}
