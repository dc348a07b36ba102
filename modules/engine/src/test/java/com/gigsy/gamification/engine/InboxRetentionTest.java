package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.ApplyResult;
import com.gigsy.gamification.core.GamificationEvent;
import com.gigsy.gamification.core.Role;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.ServiceStarter;
import com.gigsy.gamification.testing.TestService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.gigsy.gamification.engine.EngineSteps.event;
import static com.gigsy.gamification.engine.EngineSteps.unique;
import static com.gigsy.gamification.engine.EngineSteps.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox's retention (CONTRACT §11, migration V13, {@link InboxRetention}) on the real database: an id kept in an
 * older month's partition is still a duplicate; partitions whose month is past the retention are dropped whole, the
 * others stay, and the coming months' partitions exist.
 */
class InboxRetentionTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ServiceStarter.of(Map.of(Role.ENGINE, List.of(EngineVerticle::new))))
    .configured(config -> config.with(Setting.ROLES, "engine"));

  private static final EngineSteps steps = new EngineSteps(SERVICE);

  @Test
  @DisplayName("an event redelivered after its first delivery went into an earlier month's partition is a duplicate")
  void duplicateAcrossPartitions() {
    String name = unique("course.completed");
    String user = user();
    GamificationEvent old = event(user, name, "c1", Instant.now(), null);
    Instant processed = Instant.now().minus(Duration.ofDays(45));
    inboxRow(old.eventId(), user, processed);

    ApplyResult result = Await.result(steps.send(List.of(old, event(user, name, "c2", Instant.now(), null))));

    assertThat(result.outcomes()).extracting(ApplyResult.Outcome::status)
      .containsExactly(ApplyResult.Status.DUPLICATE, ApplyResult.Status.APPLIED);
    assertThat(steps.count("SELECT count(*) FROM processed_events WHERE event_id = $1", old.eventId())).isEqualTo(1);
  }

  @Test
  @DisplayName("a run drops the partitions whose month ended before the retention, whole, and keeps the others and "
    + "the next two months'")
  void expiresWholeMonths() {
    Instant longAgo = Instant.parse("2025-01-15T10:00:00Z");
    Instant recent = Instant.now().minus(Duration.ofDays(20));
    String user = user();
    inboxRow("expired-" + user, user, longAgo);
    inboxRow("kept-" + user, user, recent);

    InboxRetention.Outcome outcome = runAlone();

    assertThat(outcome.dropped()).isPositive();
    assertThat(partitionOf(longAgo)).as("January 2025's partition").isNull();
    assertThat(steps.count("SELECT count(*) FROM processed_events WHERE user_id = $1", user)).isEqualTo(1);
    assertThat(partitionOf(recent)).isNotNull();
    LocalDate thisMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
    for (int ahead = 0; ahead <= 2; ahead++) {
      Instant month = thisMonth.plusMonths(ahead).atStartOfDay(ZoneOffset.UTC).toInstant();
      assertThat(partitionOf(month)).as("partition %s months ahead", ahead).isNotNull();
    }
    assertThat(runAlone()).as("a second run finds nothing to do").isEqualTo(new InboxRetention.Outcome(0, 0));
  }

  /** A run of its own: the engine verticle's runs (at its start) hold the lock meanwhile. */
  private static InboxRetention.Outcome runAlone() {
    InboxRetention.Outcome[] outcome = new InboxRetention.Outcome[1];
    Await.until("a run with the lock", () -> {
      outcome[0] = Await.result(new InboxRetention(SERVICE.db(), Duration.ofDays(90)).run());
      return outcome[0].created() >= 0 && outcome[0].dropped() >= 0;
    });
    return outcome[0];
  }

  /** A row of the inbox processed at {@code processedAt}, in the partition of its month (created when missing). */
  private static void inboxRow(String eventId, String user, Instant processedAt) {
    steps.rows("SELECT gamification_inbox_partition($1::timestamptz::date)", processedAt.atOffset(ZoneOffset.UTC));
    steps.rows("INSERT INTO processed_events (event_id, event_name, user_id, occurred_at, processed_at) "
      + "VALUES ($1, 'x', $2, $3, $3)", eventId, user, processedAt.atOffset(ZoneOffset.UTC));
  }

  private static String partitionOf(Instant at) {
    return steps.rows("SELECT to_regclass('processed_events_' || to_char($1::timestamptz AT TIME ZONE 'UTC', 'YYYYMM'))::text",
      at.atOffset(ZoneOffset.UTC)).get(0).getString(0);
  }
}
