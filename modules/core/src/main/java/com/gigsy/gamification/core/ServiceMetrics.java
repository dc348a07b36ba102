package com.gigsy.gamification.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.Optional;

/**
 * Finds the Micrometer registry of a Vert.x instance, so every module records into the registry that
 * {@code /metrics} serves. The launcher creates Vert.x with Micrometer metrics under a registry name of
 * its own and {@linkplain #attach attaches} that name to the instance; a Vert.x created without metrics
 * (some tests) gets a registry that records nothing.
 */
public final class ServiceMetrics {

  /** Latency buckets of the service's timers: 1 ms to 1 min. */
  public static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
    Duration.ofSeconds(60)};

  private static final String MAP = "gamification.metrics";
  private static final String REGISTRY_NAME = "registryName";
  private static final MeterRegistry NONE = new CompositeMeterRegistry();

  private ServiceMetrics() {
  }

  /** Records that {@code vertx} was created with Micrometer metrics in the registry named {@code registryName}. */
  public static void attach(Vertx vertx, String registryName) {
    map(vertx).put(REGISTRY_NAME, registryName);
  }

  /** The name of the registry of {@code vertx}, when it has metrics. */
  public static Optional<String> registryName(Vertx vertx) {
    return Optional.ofNullable(map(vertx).get(REGISTRY_NAME)).filter(name -> BackendRegistries.getNow(name) != null);
  }

  /** The registry of {@code vertx}; one that records nothing when it has no metrics. */
  public static MeterRegistry registry(Vertx vertx) {
    return registryName(vertx).map(BackendRegistries::getNow).orElse(NONE);
  }

  private static LocalMap<String, String> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
