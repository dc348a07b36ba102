package com.gigsy.gamification.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * HS256 tokens signed with a shared secret (its UTF-8 bytes are the HMAC key), verified by
 * {@code vertx-auth-jwt}. The only key is an HS256 one, so tokens of any other algorithm are refused.
 */
final class SecretTokenVerifier implements TokenVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(SecretTokenVerifier.class);

  /** RFC 7518 §3.2: an HS256 key should be at least as long as the hash, 256 bits. */
  static final int RECOMMENDED_SECRET_BYTES = 32;

  private final JWTAuth jwt;
  private final TokenRules rules;

  /** Production mode refuses a shorter secret when the configuration is read; dev mode only warns. */
  SecretTokenVerifier(Vertx vertx, String secret, TokenRules rules) {
    if (secret.getBytes(StandardCharsets.UTF_8).length < RECOMMENDED_SECRET_BYTES) {
      LOG.warn("GAMIFICATION_JWT_SECRET is shorter than {} bytes; use a longer random secret", RECOMMENDED_SECRET_BYTES);
    }
    this.rules = rules;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
      .setJWTOptions(rules.jwtOptions()));
  }

  @Override
  public Future<Caller> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token)).map(user -> TokenVerifier.callerOf(user, rules));
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
