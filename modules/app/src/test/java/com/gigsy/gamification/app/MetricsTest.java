package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.EventSender;
import com.gigsy.gamification.testing.TestService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics}: the service's meters in Prometheus text format, moving with the traffic. */
class MetricsTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(Service::start);

  private static EventSender sender;
  private static MetricsScraper metrics;

  @BeforeAll
  static void rules() {
    WorkloadRules.install(SERVICE.db());
    sender = SERVICE.events();
    metrics = new MetricsScraper(SERVICE.httpPort());
  }

  @Test
  @DisplayName("/metrics counts consumed, applied, duplicate and dead-lettered events, rewards by type, and exposes "
    + "latency histograms, consumer lag, outbox backlog and the leaderboard's run")
  void countsTraffic() {
    String user = "metrics-" + UUID.randomUUID();
    JsonObject gig = sender.send("gig.completed", user, "gig-1");
    sender.send(gig);
    sender.send("course.completed", user, "course-1");
    sender.send(user, "{not json");

    Await.until("the four records are counted", Duration.ofSeconds(30), () -> {
      String text = metrics.get().body();
      return MetricsScraper.value(text, "gamification_events_consumed_total") == 4
        && MetricsScraper.value(text, "gamification_rewards_granted_total{type=\"TITLE\"}") == 1
        && MetricsScraper.value(text, "gamification_events_dead_lettered_total{cause=\"invalid\"}") == 1;
    });
    HttpResponse<String> response = metrics.get();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    String text = response.body();
    assertThat(MetricsScraper.value(text, "gamification_events_applied_total")).isEqualTo(2);
    assertThat(MetricsScraper.value(text, "gamification_events_duplicate_total")).isEqualTo(1);
    assertThat(MetricsScraper.value(text, "gamification_events_dead_lettered_total{cause=\"rejected\"}")).isZero();
    assertThat(MetricsScraper.value(text, "gamification_rewards_granted_total{type=\"POINTS\"}")).isEqualTo(2);
    assertThat(MetricsScraper.value(text, "gamification_rewards_granted_total{type=\"BADGE\"}")).isEqualTo(1);
    assertThat(MetricsScraper.value(text, "gamification_event_latency_seconds_count")).isEqualTo(4);
    assertThat(text).contains("gamification_event_latency_seconds_bucket{le=\"0.1\"}",
      "gamification_engine_batch_seconds_bucket{le=", "gamification_consumer_lag_records ",
      "gamification_consumer_held_records 0", "gamification_outbox_backlog_rewards ",
      "gamification_consumer_partitions_assigned_total 3", "gamification_consumer_partitions_revoked_total 0",
      "gamification_leaderboard_last_run_seconds ", "gamification_leaderboard_duration_seconds_count ",
      "jvm_memory_used_bytes", "vertx_");
  }

  @Test
  @DisplayName("Each leaderboard computation shows on /metrics: when it ran and how long it took")
  void leaderboardRuns() {
    // The computation at start-up is recorded once it commits.
    Await.until("the start-up computation is recorded", Duration.ofSeconds(30),
      () -> MetricsScraper.value(metrics.get().body(), "gamification_leaderboard_duration_seconds_count") >= 1);
    double before = MetricsScraper.value(metrics.get().body(), "gamification_leaderboard_duration_seconds_count");
    Instant asked = Instant.now().minusSeconds(1);

    SERVICE.admin().data("mutation { recomputeLeaderboard { computedAt } }", new JsonObject());

    Await.until("the requested computation is recorded", Duration.ofSeconds(30),
      () -> MetricsScraper.value(metrics.get().body(), "gamification_leaderboard_duration_seconds_count") > before);
    double lastRun = MetricsScraper.value(metrics.get().body(), "gamification_leaderboard_last_run_seconds");
    assertThat(lastRun).isGreaterThanOrEqualTo(asked.getEpochSecond());
  }
}
