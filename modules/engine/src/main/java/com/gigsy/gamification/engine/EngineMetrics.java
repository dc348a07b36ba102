package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.ApplyResult.Outcome;
import com.gigsy.gamification.core.ApplyResult.Status;
import com.gigsy.gamification.core.ServiceMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The meters of the engine: events by outcome, and how long a batch takes to apply. */
final class EngineMetrics {

  private final Map<Status, Counter> outcomes = new EnumMap<>(Status.class);
  private final Timer batch;

  EngineMetrics(MeterRegistry registry) {
    outcomes.put(Status.APPLIED, Counter.builder("gamification.events.applied")
      .description("Events applied for the first time (their rewards, possibly none, committed)").register(registry));
    outcomes.put(Status.DUPLICATE, Counter.builder("gamification.events.duplicate")
      .description("Events whose id was seen before: ignored").register(registry));
    outcomes.put(Status.REJECTED, Counter.builder("gamification.events.rejected")
      .description("Events PostgreSQL refused for good after retries (then dead-lettered)").register(registry));
    batch = Timer.builder("gamification.engine.batch")
      .description("Time to apply one batch of events in PostgreSQL, retries one by one included")
      .serviceLevelObjectives(ServiceMetrics.LATENCY_BUCKETS)
      .register(registry);
  }

  /** Records the outcomes of a batch that took {@code nanos} to apply. */
  void applied(List<Outcome> batchOutcomes, long nanos) {
    batch.record(Duration.ofNanos(nanos));
    for (Outcome outcome : batchOutcomes) {
      outcomes.get(outcome.status()).increment();
    }
  }
}
