package com.gigsy.gamification.api.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;

import java.time.Duration;
import java.time.Instant;

/**
 * What a verified token must also say to be accepted here (CONTRACT §11): that it expires ({@code exp}), and, when
 * {@code GAMIFICATION_JWT_AUDIENCE} is set, that it was issued for this service — {@code aud} equal to it or an array
 * containing it, or {@code azp} equal to it (Clerk's session tokens name the frontend in {@code azp} and carry no
 * {@code aud}). {@code GAMIFICATION_JWT_LEEWAY} is the clock skew allowed on {@code exp}, {@code nbf} and {@code iat}.
 *
 * @param audience {@code null} when tokens need not name one
 */
record TokenRules(String audience, Duration leeway, String issuer) {

  /** The options of {@code vertx-auth}'s own checks: signature, times with the leeway, issuer; no audience (ours). */
  JWTOptions jwtOptions() {
    return new JWTOptions().setIssuer(issuer).setLeeway((int) leeway.toSeconds());
  }

  /** The caller described by the claims of a token whose signature and times were checked. */
  Caller callerOf(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number exp)) {
      throw new IllegalArgumentException("the token has no exp claim; tokens must expire");
    }
    if (audience != null && !namesAudience(claims)) {
      throw new IllegalArgumentException("the token was not issued for this service: neither aud nor azp is " + audience);
    }
    return Caller.fromClaims(claims, Instant.ofEpochSecond(exp.longValue()).plus(leeway));
  }

  private boolean namesAudience(JsonObject claims) {
    Object aud = claims.getValue("aud");
    return audience.equals(aud)
      || aud instanceof JsonArray list && list.contains(audience)
      || audience.equals(claims.getValue("azp"));
  }
}
