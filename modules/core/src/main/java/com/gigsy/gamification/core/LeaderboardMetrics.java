package com.gigsy.gamification.core;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The leaderboard's meters: {@code gamification_leaderboard_last_run_seconds} (when the latest computation of
 * this instance happened, Unix seconds; NaN before the first) and {@code gamification_leaderboard_duration_seconds}
 * (how long computations take). One instance per registry, registered with the other meters at start-up so
 * the series exist before the first computation. The leaderboard calls
 * {@code LeaderboardMetrics.of(vertx).computed(computedAt, took)} after each computation.
 */
public final class LeaderboardMetrics {

  private static final Map<MeterRegistry, LeaderboardMetrics> BY_REGISTRY = new WeakHashMap<>();

  private final AtomicLong lastRunMillis = new AtomicLong();
  private final Timer duration;

  private LeaderboardMetrics(MeterRegistry registry) {
    Gauge.builder("gamification.leaderboard.last.run", lastRunMillis,
        millis -> millis.get() == 0 ? Double.NaN : millis.get() / 1000.0)
      .description("When the latest leaderboard computation of this instance happened (Unix time)")
      .baseUnit("seconds")
      .strongReference(true)
      .register(registry);
    duration = Timer.builder("gamification.leaderboard.duration")
      .description("How long leaderboard computations take")
      .serviceLevelObjectives(ServiceMetrics.LATENCY_BUCKETS)
      .register(registry);
  }

  public static LeaderboardMetrics of(Vertx vertx) {
    return of(ServiceMetrics.registry(vertx));
  }

  public static synchronized LeaderboardMetrics of(MeterRegistry registry) {
    return BY_REGISTRY.computeIfAbsent(registry, LeaderboardMetrics::new);
  }

  /** Records a computation that happened at {@code computedAt} and took {@code took}. */
  public void computed(Instant computedAt, Duration took) {
    lastRunMillis.set(computedAt.toEpochMilli());
    duration.record(took);
  }
}
