package com.gigsy.gamification.api.auth;

import com.gigsy.gamification.api.graphql.ClientFailure;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every GraphQL request over HTTP (CONTRACT §5): a missing or invalid bearer token is
 * HTTP 401 with a GraphQL-shaped {@code UNAUTHENTICATED} body (written by the router's failure handler);
 * a valid one puts the {@link Caller} in the routing context for {@link #caller}.
 */
public final class HttpAuthHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(HttpAuthHandler.class);
  private static final String CALLER_KEY = "gamification.caller";

  private final TokenVerifier verifier;
  private final CallerRateLimit rateLimit;

  /** @param rateLimit holds back the refusals of one remote address too */
  public HttpAuthHandler(TokenVerifier verifier, CallerRateLimit rateLimit) {
    this.verifier = verifier;
    this.rateLimit = rateLimit;
  }

  @Override
  public void handle(RoutingContext rc) {
    String token = BearerTokens.token(rc.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (token == null) {
      refuse(rc, "A bearer token is required: send Authorization: Bearer <JWT>");
      return;
    }
    Future.succeededFuture(token).compose(verifier::verify).onComplete(caller -> {
      rc.put(CALLER_KEY, caller);
      rc.next();
    }, failure -> {
      LOG.debug("Refused a bearer token on {} {}: {}", rc.request().method(), rc.request().path(), failure.getMessage());
      refuse(rc, "The bearer token is invalid or expired");
    });
  }

  private void refuse(RoutingContext rc, String message) {
    if (!rateLimit.allowsAnonymous(rc)) {
      CallerRateLimit.refuse(rc);
      return;
    }
    rc.response().putHeader("WWW-Authenticate", "Bearer");
    rc.fail(401, new ClientFailure(message));
  }

  /** The caller this handler authenticated for the request. */
  public static Caller caller(RoutingContext rc) {
    return rc.get(CALLER_KEY);
  }
}
