package com.gigsy.gamification.bench;

import org.junit.jupiter.api.Test;

import java.util.NavigableMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The freshness section's reading of the service's histograms: buckets from /metrics, and what took longer. */
class BenchHistogramTest {

  @Test
  void bucketsAreReadByTheirUpperBoundOverTheOtherLabels() {
    String exposition = """
      # HELP gamification_engine_batch_seconds Time to apply one batch
      # TYPE gamification_engine_batch_seconds histogram
      gamification_engine_batch_seconds_bucket{le="0.025"} 7
      gamification_engine_batch_seconds_bucket{le="0.05",} 9
      gamification_engine_batch_seconds_bucket{le="+Inf"} 10
      gamification_engine_batch_seconds_count 10
      gamification_event_latency_seconds_bucket{le="0.025"} 100
      other_bucket{le="0.025"} 5
      """;
    NavigableMap<Double, Double> buckets = BenchService.buckets(exposition + """
      gamification_engine_batch_seconds_bucket{instance="b",le="0.025"} 1
      """, "gamification_engine_batch_seconds");
    assertEquals(new TreeMap<>(java.util.Map.of(0.025, 8.0, 0.05, 9.0, Double.POSITIVE_INFINITY, 10.0)), buckets);
  }

  @Test
  void slowerCountsWhatTookLongerThanEachBoundBetweenTwoScrapes() {
    NavigableMap<Double, Double> before = new TreeMap<>(java.util.Map.of(0.025, 10.0, 0.05, 10.0, 0.1, 10.0, 0.25, 10.0,
      Double.POSITIVE_INFINITY, 10.0));
    NavigableMap<Double, Double> after = new TreeMap<>(java.util.Map.of(0.025, 100.0, 0.05, 105.0, 0.1, 108.0, 0.25, 110.0,
      Double.POSITIVE_INFINITY, 110.0));
    assertEquals("10 (10.00 %) / 5 (5.00 %) / 2 (2.00 %) / 0 (0.00 %), of 100", BenchRun.slower(before, after));
    assertEquals("not available", BenchRun.slower(new TreeMap<>(), new TreeMap<>()));
  }
}
