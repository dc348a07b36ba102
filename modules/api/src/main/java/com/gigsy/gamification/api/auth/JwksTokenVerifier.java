package com.gigsy.gamification.api.auth;

import io.vertx.core.Closeable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Tokens signed with a key of a JSON Web Key set (e.g. Clerk's {@code https://<app>.clerk.accounts.dev/.well-known/jwks.json}).
 * The set is loaded and parsed by {@code vertx-auth-oauth2} ({@link OAuth2Auth#jWKSet()}), which also
 * reloads it every {@code Cache-Control: max-age} (else {@link #DEFAULT_MAX_AGE_SECONDS}); the token is
 * verified locally against the cached keys — no call to the identity provider per request.
 *
 * <p>A token whose {@code kid} is not in the cache (the provider rotated its keys) makes the set reload
 * once, then the token is checked again. Such on-demand reloads happen at most once per
 * {@link #MIN_ON_DEMAND_REFRESH_MS}, so tokens with made-up key ids cannot turn the service into a
 * client hammering the provider. Not thread-safe: one verifier per verticle instance, used on its context.
 */
final class JwksTokenVerifier implements TokenVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(JwksTokenVerifier.class);

  /** How long keys are kept when the JWKS response carries no max-age. */
  static final long DEFAULT_MAX_AGE_SECONDS = 3600;

  /** Least time between two reloads caused by unknown key ids. */
  static final long MIN_ON_DEMAND_REFRESH_MS = 10_000;

  /** OAuth2Options requires a client id; it is not checked against tokens (the audience is TokenRules' to check). */
  private static final String CLIENT_ID = "gigsy-gamification";

  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int IDLE_TIMEOUT_SECONDS = 10;

  private final String url;
  private final TokenRules rules;
  private final OAuth2Auth oauth2;
  private boolean loaded;
  private Future<Void> refreshing;
  private long lastOnDemandRefresh = Long.MIN_VALUE;

  private JwksTokenVerifier(Vertx vertx, String url, TokenRules rules) {
    this.url = url;
    this.rules = rules;
    OAuth2Options options = new OAuth2Options()
      .setClientId(CLIENT_ID)
      .setJwkPath(url);
    options.setJwkMaxAgeInSeconds(DEFAULT_MAX_AGE_SECONDS);
    this.oauth2 = OAuth2Auth.create(vertx, options
      .setHttpClientOptions(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setIdleTimeout(IDLE_TIMEOUT_SECONDS))
      // an empty audience list turns the OIDC audience check off: session tokens (Clerk's) carry azp, not aud, so
      // TokenRules checks either
      .setJWTOptions(rules.jwtOptions().setAudience(List.of())));
  }

  /**
   * A verifier with the key set loaded. When the URL cannot be read at start, the service still starts
   * (the cause is logged) and the set is loaded by the first token that needs it.
   */
  static Future<JwksTokenVerifier> start(Vertx vertx, String url, TokenRules rules) {
    JwksTokenVerifier verifier = new JwksTokenVerifier(vertx, url, rules);
    return verifier.load()
      .onFailure(failure -> LOG.warn("Could not load the JWK set from {} at start ({}); tokens are refused until it loads",
        url, failure.getMessage()))
      .transform(ignored -> Future.succeededFuture(verifier));
  }

  @Override
  public Future<Caller> verify(String token) {
    Future<Void> keys = loaded ? Future.succeededFuture() : refreshOnDemand();
    return keys.transform(ignored -> authenticate(token))
      .recover(failure -> failure instanceof NoSuchKeyIdException missing && mayBeRotated(missing)
        ? refreshOnDemand().transform(ignored -> authenticate(token))
        : Future.failedFuture(failure))
      .map(user -> TokenVerifier.callerOf(user, rules));
  }

  /**
   * Whether a missing key could be a new key of the provider: a public-key algorithm with a key id. An
   * HS256 token or one without {@code kid} can never be verified by a JWK set, so it reloads nothing.
   */
  private static boolean mayBeRotated(NoSuchKeyIdException missing) {
    String id = missing.id();
    int hash = id.indexOf('#');
    String alg = hash < 0 ? id : id.substring(0, hash);
    String kid = hash < 0 ? null : id.substring(hash + 1);
    return kid != null && !kid.isEmpty() && !"<null>".equals(kid) && !"null".equals(kid)
      && (alg.startsWith("RS") || alg.startsWith("PS") || alg.startsWith("ES") || "EdDSA".equals(alg));
  }

  private Future<User> authenticate(String token) {
    return oauth2.authenticate(new TokenCredentials(token)).compose(user -> user.attributes().containsKey("accessToken")
      ? Future.succeededFuture(user)
      : Future.failedFuture("the token was not verified against the JWK set"));
  }

  /** Reloads the set unless a reload is under way (then joins it) or the last on-demand one was too recent. */
  private Future<Void> refreshOnDemand() {
    if (refreshing != null) {
      return refreshing;
    }
    long now = System.currentTimeMillis();
    if (lastOnDemandRefresh != Long.MIN_VALUE && now - lastOnDemandRefresh < MIN_ON_DEMAND_REFRESH_MS) {
      return Future.succeededFuture();
    }
    lastOnDemandRefresh = now;
    LOG.info("Reloading the JWK set from {}: a token names a key that is not cached", url);
    return load();
  }

  private Future<Void> load() {
    Future<Void> reload = oauth2.jWKSet()
      .onSuccess(v -> loaded = true)
      .onComplete(v -> refreshing = null);
    if (!reload.isComplete()) {
      refreshing = reload;
    }
    return reload;
  }

  @Override
  public Future<Void> close() {
    if (oauth2 instanceof Closeable closeable) {
      Promise<Void> closed = Promise.promise();
      closeable.close(closed);
      return closed.future();
    }
    return Future.succeededFuture();
  }
}
