package com.gigsy.gamification.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.CorsHandler;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which browser origins may call the API ({@code GAMIFICATION_CORS_ORIGINS}): {@code *} for any,
 * a list for those only, nothing for no cross-origin access at all (no CORS headers are sent).
 */
final class CorsPolicy {

  private static final int PREFLIGHT_CACHE_SECONDS = 600;

  private CorsPolicy() {
  }

  static Optional<CorsHandler> handler(List<String> origins) {
    if (origins.isEmpty()) {
      return Optional.empty();
    }
    CorsHandler cors = CorsHandler.create();
    if (!origins.contains("*")) {
      cors.addOrigins(origins);
    }
    return Optional.of(cors
      .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS))
      .allowedHeaders(Set.of("Content-Type", "Authorization", "Accept"))
      .maxAgeSeconds(PREFLIGHT_CACHE_SECONDS));
  }
}
