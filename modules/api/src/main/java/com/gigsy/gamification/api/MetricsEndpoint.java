package com.gigsy.gamification.api;

import com.gigsy.gamification.core.ServiceMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * {@code GET /metrics}: the meters of this process in Prometheus text format (CONTRACT §5). A process whose
 * Vert.x has no metrics (only some tests create one) answers 404.
 */
final class MetricsEndpoint {

  static final String PATH = "/metrics";

  private MetricsEndpoint() {
  }

  static Handler<RoutingContext> create(Vertx vertx) {
    return ServiceMetrics.registryName(vertx)
      .map(PrometheusScrapingHandler::create)
      .orElse(rc -> rc.response().setStatusCode(404)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end("metrics are not enabled in this process\n"));
  }
}
