package com.gigsy.gamification.runtime;

import com.gigsy.gamification.core.LeaderboardMetrics;
import com.gigsy.gamification.core.ServiceMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.UUID;

/**
 * The Vert.x instance of a service process: Micrometer metrics (Vert.x's own, the JVM's and the service's)
 * in a Prometheus registry of its own, which {@code /metrics} serves.
 */
public final class ServiceVertx {

  private ServiceVertx() {
  }

  public static Vertx create() {
    // a name per instance: tests run several services in one JVM, each must see only its own meters
    String registryName = "gamification-" + UUID.randomUUID();
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      .setRegistryName(registryName)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    Vertx vertx = Vertx.builder()
      .with(new VertxOptions().setMetricsOptions(metrics))
      .withMetrics(new MicrometerMetricsFactory())
      .build();
    ServiceMetrics.attach(vertx, registryName);
    // registered up front, so the series exist before the first computation
    LeaderboardMetrics.of(vertx);
    return vertx;
  }
}
