package com.gigsy.gamification.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which browser origins may call the API ({@code GAMIFICATION_CORS_ORIGINS}): {@code *} for any,
 * a list for those only, nothing for no cross-origin access at all (no CORS headers are sent).
 * A request from the service's own origin (the admin console on {@code /admin}: browsers send an
 * {@code Origin} with every POST) is not cross-origin and passes whatever the list.
 */
final class CorsPolicy {

  private static final int PREFLIGHT_CACHE_SECONDS = 600;

  private CorsPolicy() {
  }

  static Optional<Handler<RoutingContext>> handler(List<String> origins) {
    if (origins.isEmpty()) {
      return Optional.empty();
    }
    CorsHandler cors = CorsHandler.create();
    if (!origins.contains("*")) {
      cors.addOrigins(origins);
    }
    cors.allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS))
      .allowedHeaders(Set.of("Content-Type", "Authorization", "Accept"))
      .maxAgeSeconds(PREFLIGHT_CACHE_SECONDS);
    return Optional.of(rc -> {
      if (sameOrigin(rc.request())) {
        rc.next();
      } else {
        cors.handle(rc);
      }
    });
  }

  /**
   * Whether the request's {@code Origin} names the host (and port) it was sent to. The scheme is not compared: behind
   * a TLS ingress the page is https and the service sees http.
   */
  static boolean sameOrigin(HttpServerRequest request) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    String host = request.getHeader(HttpHeaders.HOST);
    if (origin == null || host == null) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        && host.equalsIgnoreCase(uri.getRawAuthority());
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
