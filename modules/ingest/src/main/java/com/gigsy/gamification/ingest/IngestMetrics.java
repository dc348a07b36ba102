package com.gigsy.gamification.ingest;

import com.gigsy.gamification.core.ServiceMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The meters of ingest: records consumed and dead-lettered, the end-to-end latency of an event (from its
 * Kafka timestamp to its effects being durable), the consumer's lag, the records taken from Kafka and not
 * applied yet, those held while a dependency is down, and partition assignments and revocations (a
 * rebalance shows as a revocation).
 */
final class IngestMetrics {

  static final String CAUSE_INVALID = "invalid";
  static final String CAUSE_REJECTED = "rejected";

  private final Counter consumed;
  private final Counter invalid;
  private final Counter rejected;
  private final Counter assigned;
  private final Counter revoked;
  private final Timer latency;

  /**
   * @param kafkaMetrics the consumer's own metrics (safe to read from any thread), for the lag
   * @param held how many records wait for a retry
   * @param buffered how many records were taken from Kafka and are not applied yet (held ones included)
   */
  IngestMetrics(MeterRegistry registry, Supplier<Map<MetricName, ? extends Metric>> kafkaMetrics, IntSupplier held,
                IntSupplier buffered) {
    consumed = Counter.builder("gamification.events.consumed")
      .description("Records polled from the events topic (a record delivered again counts again)")
      .register(registry);
    invalid = deadLettered(registry, CAUSE_INVALID);
    rejected = deadLettered(registry, CAUSE_REJECTED);
    assigned = Counter.builder("gamification.consumer.partitions.assigned")
      .description("Partitions assigned to this consumer").register(registry);
    revoked = Counter.builder("gamification.consumer.partitions.revoked")
      .description("Partitions taken from this consumer by a rebalance").register(registry);
    latency = Timer.builder("gamification.event.latency")
      .description("From an event's Kafka timestamp to its effects being durable (in PostgreSQL or on the DLQ)")
      .serviceLevelObjectives(ServiceMetrics.LATENCY_BUCKETS)
      .register(registry);
    Gauge.builder("gamification.consumer.lag", kafkaMetrics, IngestMetrics::lag)
      .description("Records on the assigned partitions not consumed yet, as of the latest fetch")
      .baseUnit("records")
      .strongReference(true)
      .register(registry);
    Gauge.builder("gamification.consumer.held", held, IntSupplier::getAsInt)
      .description("Records held for a retry while PostgreSQL or the DLQ is unavailable (consumption paused)")
      .baseUnit("records")
      .strongReference(true)
      .register(registry);
    Gauge.builder("gamification.consumer.buffered", buffered, IntSupplier::getAsInt)
      .description("Records taken from Kafka and not applied yet: queued, being applied or held")
      .baseUnit("records")
      .strongReference(true)
      .register(registry);
  }

  private static Counter deadLettered(MeterRegistry registry, String cause) {
    return Counter.builder("gamification.events.dead.lettered")
      .description("Records published to the DLQ: invalid ones, and events PostgreSQL refused for good")
      .tag("cause", cause)
      .register(registry);
  }

  /** The sum of the per-partition {@code records-lag} of the Kafka consumer; NaN values (not fetched yet) skipped. */
  private static double lag(Supplier<Map<MetricName, ? extends Metric>> metrics) {
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.get().entrySet()) {
      MetricName name = entry.getKey();
      if ("records-lag".equals(name.name()) && name.tags().containsKey("partition")
        && entry.getValue().metricValue() instanceof Double value && !value.isNaN()) {
        sum += value;
      }
    }
    return sum;
  }

  void consumed(int records) {
    consumed.increment(records);
  }

  void deadLettered(String cause) {
    (CAUSE_REJECTED.equals(cause) ? rejected : invalid).increment();
  }

  void assigned(int partitions) {
    assigned.increment(partitions);
  }

  void revoked(int partitions) {
    revoked.increment(partitions);
  }

  /** Records the latency of every record of a batch whose effects are durable. */
  void applied(List<KafkaConsumerRecord<byte[], byte[]>> batch) {
    long now = System.currentTimeMillis();
    for (KafkaConsumerRecord<byte[], byte[]> record : batch) {
      if (record.timestamp() >= 0) {
        latency.record(Duration.ofMillis(Math.max(0, now - record.timestamp())));
      }
    }
  }
}
