package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.core.LeaderboardWindow;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.EventSender;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time windows on the whole path: events with chosen {@code occurredAt}s go through Kafka and the engine
 * (which keeps the daily totals), and each board holds exactly the users whose event falls in the
 * UTC calendar period of the computation — 00:00:00 is in, 23:59:59 the second before is out.
 */
class LeaderboardWindowsTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(AllRoles.SERVICE);

  private final GraphQLClient admin = SERVICE.admin();

  @BeforeAll
  static void rule() {
    Await.result(SERVICE.db().query("INSERT INTO gamification_rules (event_name, description, points_awarded) "
      + "VALUES ('window.points', 'points for the window test', 10)").execute());
  }

  @Test
  @DisplayName("DAY, WEEK (from Monday) and MONTH boards count an event at 00:00:00 UTC of the period and not one at 23:59:59 before it")
  void calendarBoundaries() {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    Map<String, Instant> occurred = new LinkedHashMap<>();
    for (LeaderboardWindow window : new LeaderboardWindow[] {LeaderboardWindow.DAY, LeaderboardWindow.WEEK, LeaderboardWindow.MONTH}) {
      Instant start = periodStart(window, now);
      occurred.put(window.name().toLowerCase() + "-in", start);
      occurred.put(window.name().toLowerCase() + "-out", start.minusSeconds(1));
    }
    occurred.forEach((user, at) -> SERVICE.events().send(EventSender.event("window.points", user, null).put("occurredAt", at.toString())));
    Await.until("the six events are applied", () -> Await.result(SERVICE.db().query("SELECT count(*) FROM points_log").execute())
      .iterator().next().getLong(0) == occurred.size());

    Instant computedAt = Instant.parse(admin.data(LeaderboardFixture.RECOMPUTE, new JsonObject())
      .getJsonObject("recomputeLeaderboard").getString("computedAt"));

    ZonedDateTime computed = computedAt.atZone(ZoneOffset.UTC);
    for (LeaderboardWindow window : LeaderboardWindow.values()) {
      JsonObject board = admin.data(LeaderboardFixture.BOARD, new JsonObject().put("w", window.name())).getJsonObject("leaderboard");
      Set<String> onBoard = LeaderboardFixture.entries(board).stream().map(JsonObject.class::cast)
        .map(e -> e.getString("userId")).collect(Collectors.toSet());
      Set<String> expected = occurred.entrySet().stream()
        .filter(e -> inPeriod(window, computed, e.getValue()))
        .map(Map.Entry::getKey).collect(Collectors.toSet());

      assertThat(onBoard).as("board %s computed at %s", window, computedAt).isEqualTo(expected);
      if (window.isPeriod()) {
        assertThat(Instant.parse(board.getString("periodStart"))).isEqualTo(periodStart(window, computed));
        assertThat(onBoard).contains(window.name().toLowerCase() + "-in").doesNotContain(window.name().toLowerCase() + "-out");
      } else {
        assertThat(onBoard).hasSize(occurred.size());
      }
    }
    JsonObject reconciliation = admin.data("{ totalsReconciliation { consistent differenceCount } }", new JsonObject())
      .getJsonObject("totalsReconciliation");
    assertThat(reconciliation.getBoolean("consistent")).as("the engine (totals) and the computation (days, folded from the log) keep every projection equal to the log").isTrue();
  }

  private static Instant periodStart(LeaderboardWindow window, ZonedDateTime at) {
    ZonedDateTime day = at.truncatedTo(ChronoUnit.DAYS);
    return switch (window) {
      case DAY -> day.toInstant();
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
      case MONTH -> day.withDayOfMonth(1).toInstant();
      case ALL_TIME -> Instant.EPOCH;
    };
  }

  private static boolean inPeriod(LeaderboardWindow window, ZonedDateTime computed, Instant occurredAt) {
    if (!window.isPeriod()) {
      return true;
    }
    ZonedDateTime start = periodStart(window, computed).atZone(ZoneOffset.UTC);
    ZonedDateTime end = switch (window) {
      case DAY -> start.plusDays(1);
      case WEEK -> start.plusWeeks(1);
      default -> start.plusMonths(1);
    };
    return !occurredAt.isBefore(start.toInstant()) && occurredAt.isBefore(end.toInstant());
  }
}
