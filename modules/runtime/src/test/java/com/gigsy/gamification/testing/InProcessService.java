package com.gigsy.gamification.testing;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.ServiceMetrics;
import com.gigsy.gamification.runtime.RunningService;
import com.gigsy.gamification.runtime.ServiceVertx;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

/** The service in this JVM, on a Vert.x of its own with metrics, as {@code run} would start it. */
public final class InProcessService implements AutoCloseable {

  private final Vertx vertx;
  private final RunningService running;
  private boolean stopped;

  private InProcessService(Vertx vertx, RunningService running) {
    this.vertx = vertx;
    this.running = running;
  }

  public static InProcessService start(ServiceStarter starter, GamificationConfig config) {
    Vertx vertx = ServiceVertx.create();
    try {
      return new InProcessService(vertx, Await.result(starter.start(vertx, config)));
    } catch (AssertionError e) {
      Await.result(vertx.close());
      throw e;
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public GamificationConfig config() {
    return running.config();
  }

  public int httpPort() {
    return running.httpPort();
  }

  /** The port of health and metrics when served apart ({@code GAMIFICATION_MANAGEMENT_PORT}), else -1. */
  public int managementPort() {
    return running.managementPort();
  }

  public MeterRegistry registry() {
    return ServiceMetrics.registry(vertx);
  }

  /** The count of a counter of this service, 0 when it was never registered. */
  public double count(String counter) {
    var found = registry().find(counter).counter();
    return found == null ? 0 : found.count();
  }

  /** The value of a gauge of this service, NaN when it was never registered. */
  public double gauge(String gauge) {
    var found = registry().find(gauge).gauge();
    return found == null ? Double.NaN : found.value();
  }

  /** Stops the service gracefully, as SIGTERM would, and closes its Vert.x; idempotent. */
  @Override
  public void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      Await.result(running.stop());
    } finally {
      Await.result(vertx.close());
    }
  }
}
