package com.gigsy.gamification.app;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Kafka metrics reporter that only remembers, per client id, the configuration its client was created with:
 * passed through {@code GAMIFICATION_KAFKA_METRIC_REPORTERS}, it shows which clients a pass-through reached.
 */
public final class RecordingReporter implements MetricsReporter {

  /** Client id → the client's configuration (every client of a JVM that was given this reporter). */
  static final Map<String, Map<String, Object>> CLIENTS = new ConcurrentHashMap<>();

  @Override
  public void configure(Map<String, ?> configs) {
    CLIENTS.put(String.valueOf(configs.get("client.id")), new HashMap<>(configs));
  }

  @Override
  public void init(List<KafkaMetric> metrics) {
  }

  @Override
  public void metricChange(KafkaMetric metric) {
  }

  @Override
  public void metricRemoval(KafkaMetric metric) {
  }

  @Override
  public void close() {
  }
}
