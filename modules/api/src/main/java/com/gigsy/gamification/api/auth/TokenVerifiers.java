package com.gigsy.gamification.api.auth;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;

/** Makes the {@link TokenVerifier} of a deployment: a {@link TokenCache} in front of the configured one. */
public final class TokenVerifiers {

  private TokenVerifiers() {
  }

  /**
   * The verifier the configuration asks for (CONTRACT §1): RS256 with keys from {@code GAMIFICATION_JWKS_URL}
   * when set, else HS256 with {@code GAMIFICATION_JWT_SECRET}. Fails when neither is set: the API never
   * runs open. (Dev mode generates a secret before the API starts.)
   */
  public static Future<TokenVerifier> create(Vertx vertx, GamificationConfig config) {
    TokenRules rules = new TokenRules(config.jwtAudience(), config.jwtLeeway(), config.jwtIssuer());
    if (config.jwksUrl() != null) {
      return JwksTokenVerifier.start(vertx, config.jwksUrl(), rules)
        .map(verifier -> new TokenCache(verifier, Clock.systemUTC()));
    }
    if (config.jwtSecret() != null) {
      return Future.succeededFuture(new TokenCache(new SecretTokenVerifier(vertx, config.jwtSecret(), rules),
        Clock.systemUTC()));
    }
    return Future.failedFuture(new IllegalStateException("The API needs " + Setting.JWT_SECRET.variable() + " or "
      + Setting.JWKS_URL.variable() + " to verify bearer tokens; neither is set"));
  }
}
