package com.gigsy.gamification.app;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.ServiceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

/** The service in this JVM, on a Vert.x of its own with metrics, as {@code run} would start it. */
final class InProcessService implements AutoCloseable {

  private final Vertx vertx;
  private final RunningService running;
  private boolean stopped;

  private InProcessService(Vertx vertx, RunningService running) {
    this.vertx = vertx;
    this.running = running;
  }

  static InProcessService start(GamificationConfig config) {
    Vertx vertx = ServiceVertx.create();
    try {
      return new InProcessService(vertx, Await.result(Service.start(vertx, config)));
    } catch (AssertionError e) {
      Await.result(vertx.close());
      throw e;
    }
  }

  int httpPort() {
    return running.httpPort();
  }

  MeterRegistry registry() {
    return ServiceMetrics.registry(vertx);
  }

  /** The count of a counter of this service, 0 when it was never registered. */
  double count(String counter) {
    var found = registry().find(counter).counter();
    return found == null ? 0 : found.count();
  }

  /** The value of a gauge of this service, NaN when it was never registered. */
  double gauge(String gauge) {
    var found = registry().find(gauge).gauge();
    return found == null ? Double.NaN : found.value();
  }

  /** Stops the service gracefully, as SIGTERM would; idempotent. */
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
