package com.gigsy.gamification.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The meters of the rewards relay: rewards granted, by type, counted once each when their outbox row is marked
 * published (every reward passes the outbox once), and the outbox backlog (rewards not published yet).
 */
final class RelayMetrics {

  static final List<String> TYPES = List.of("POINTS", "BADGE", "TITLE");

  private final Map<String, Counter> granted;
  private final AtomicLong backlog = new AtomicLong();

  RelayMetrics(MeterRegistry registry) {
    granted = TYPES.stream().collect(Collectors.toMap(type -> type, type -> grantedCounter(registry, type)));
    Gauge.builder("gamification.outbox.backlog", backlog, AtomicLong::get)
      .description("Granted rewards not yet published to the rewards topic (sampled every few seconds)")
      .baseUnit("rewards")
      .strongReference(true)
      .register(registry);
  }

  private static Counter grantedCounter(MeterRegistry registry, String type) {
    return Counter.builder("gamification.rewards.granted")
      .description("Rewards granted (points entries, badges, titles), counted when published")
      .tag("type", type)
      .register(registry);
  }

  void published(List<OutboxRepository.PendingReward> rewards) {
    for (OutboxRepository.PendingReward reward : rewards) {
      Counter counter = granted.get(reward.type());
      if (counter != null) {
        counter.increment();
      }
    }
  }

  void backlog(long unpublished) {
    backlog.set(unpublished);
  }
}
