package com.gigsy.gamification.api.auth;

import com.gigsy.gamification.api.graphql.ClientFailure;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-caller rate limiting of {@code /graphql} ({@code GAMIFICATION_API_RATE_LIMIT} requests per second, bursts of as
 * many): a token bucket per caller — the token's {@code sub}, or the remote address of a request refused as
 * unauthenticated, so a flood of bad tokens is held back too. Over the rate: HTTP 429, code {@code RATE_LIMITED},
 * {@code Retry-After: 1}. One limiter per process, shared by the api verticles (a client's connections may land on
 * any of them). The default is high enough for the benchmarks (32 clients of one token at ~12,000 requests/s);
 * production should set what one real user may need.
 */
public final class CallerRateLimit implements Handler<RoutingContext>, Shareable {

  private static final String SHARED_MAP = "gamification.api.rate-limit";
  /** Buckets kept before idle ones (full again) are dropped. */
  private static final int MAX_BUCKETS = 100_000;

  private final double perSecond;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private CallerRateLimit(int perSecond) {
    this.perSecond = perSecond;
  }

  /** The limiter of this process (created by the first api verticle); {@code perSecond} 0 limits nothing. */
  public static CallerRateLimit of(Vertx vertx, int perSecond) {
    LocalMap<String, CallerRateLimit> shared = vertx.sharedData().getLocalMap(SHARED_MAP);
    CallerRateLimit created = new CallerRateLimit(perSecond);
    CallerRateLimit existing = shared.putIfAbsent(Integer.toString(perSecond), created);
    return existing != null ? existing : created;
  }

  /** After authentication: limits the caller. */
  @Override
  public void handle(RoutingContext rc) {
    Caller caller = HttpAuthHandler.caller(rc);
    if (caller != null && !allows("sub:" + caller.userId())) {
      refuse(rc);
      return;
    }
    rc.next();
  }

  /** Whether a request refused as unauthenticated may still be answered 401 rather than 429. */
  boolean allowsAnonymous(RoutingContext rc) {
    return allows("address:" + rc.request().remoteAddress().hostAddress());
  }

  static void refuse(RoutingContext rc) {
    rc.response().putHeader("Retry-After", "1");
    rc.fail(429, new ClientFailure("Too many requests from this caller: slow down (see Retry-After)"));
  }

  private boolean allows(String key) {
    if (perSecond <= 0) {
      return true;
    }
    long now = System.nanoTime();
    if (buckets.size() > MAX_BUCKETS) {
      buckets.values().removeIf(bucket -> bucket.fullAt(now, perSecond));
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(perSecond, now)).take(now, perSecond);
  }

  /** Tokens of one caller: refilled at {@code perSecond}, at most {@code perSecond} kept. */
  private static final class Bucket {

    private double tokens;
    private long updated;

    Bucket(double capacity, long now) {
      this.tokens = capacity;
      this.updated = now;
    }

    synchronized boolean take(long now, double perSecond) {
      refill(now, perSecond);
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }

    synchronized boolean fullAt(long now, double perSecond) {
      refill(now, perSecond);
      return tokens >= perSecond;
    }

    private void refill(long now, double perSecond) {
      tokens = Math.min(perSecond, tokens + (now - updated) / 1e9 * perSecond);
      updated = now;
    }
  }
}
