package com.gigsy.gamification.runtime;

import com.gigsy.gamification.core.LeaderboardMetrics;
import com.gigsy.gamification.core.ServiceMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The Vert.x instance of a service process: Micrometer metrics (Vert.x's own, the JVM's and the service's)
 * in a Prometheus registry of its own, which {@code /metrics} serves.
 * <p>
 * Its sockets (HTTP, PostgreSQL) run on Netty's native transport where there is one (epoll on Linux x86-64, whose
 * library the service ships), else on java.nio; the log says which at start-up. Socket I/O was half the service's CPU
 * under the benchmark's profile reads; on epoll the service took 6-11 % less CPU per request there.
 */
public final class ServiceVertx {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceVertx.class);

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
      .with(new VertxOptions().setMetricsOptions(metrics).setPreferNativeTransport(true))
      .withMetrics(new MicrometerMetricsFactory())
      .build();
    if (vertx.isNativeTransportEnabled()) {
      LOG.info("Sockets run on the native transport");
    } else {
      LOG.info("Sockets run on java.nio: no native transport here ({})", vertx.unavailableNativeTransportCause());
    }
    ServiceMetrics.attach(vertx, registryName);
    // registered up front, so the series exist before the first computation
    LeaderboardMetrics.of(vertx);
    return vertx;
  }
}
