package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.ApplyBatch;
import com.gigsy.gamification.core.ApplyResult;
import com.gigsy.gamification.core.GamificationEvent;
import com.gigsy.gamification.core.Role;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.DailyTotals;
import com.gigsy.gamification.testing.RuleOracle;
import com.gigsy.gamification.testing.RuleOracle.Condition;
import com.gigsy.gamification.testing.RuleOracle.Rule;
import com.gigsy.gamification.testing.ServiceStarter;
import com.gigsy.gamification.testing.TestService;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine against the contract's oracle ({@link RuleOracle}): random batches of random events — out of time
 * order, with repeated entities, repeated event ids and attributes that match some conditions — over every rule
 * kind, reversals and levels, applied in partition order; every user's total, badges, titles and levels must be the
 * oracle's.
 */
class EngineOracleTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ServiceStarter.of(Map.of(
      Role.ENGINE, List.of(EngineVerticle::new, RewardsRelayVerticle::new))))
    .configured(config -> config.with(Setting.ROLES, "engine"));

  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  @DisplayName("random batches over every rule kind grant exactly what the oracle grants")
  void matchesTheOracle(long seed) {
    Random random = new Random(seed);
    String ns = "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    RuleOracle oracle = new RuleOracle();
    long badge = id("INSERT INTO badges (name, description, icon_url) VALUES ('b', 'd', 'https://x.test/b.png') RETURNING id");
    long title = id("INSERT INTO titles (name, description) VALUES ('t', 'd') RETURNING id");
    String course = ns + ".course";
    String gig = ns + ".gig";
    String lesson = ns + ".lesson";
    List<Rule> rules = List.of(
      Rule.plain(course, 10, null, null),
      Rule.plain(course, 20, null, null).withConditions(Condition.of("score", "GTE", "90")),
      Rule.plain(course, 3, null, null).withConditions(Condition.in("level", "gold", "silver"), Condition.of("plan", "NE", "trial")),
      Rule.plain(course, null, badge, null).withThreshold(3),
      Rule.plain(gig, null, null, null).withPointsFrom("amount", new BigDecimal("0.1")),
      Rule.plain(gig, 5, null, null).withCap(2, "DAY"),
      Rule.plain(gig, 7, null, null).withCap(3, "WEEK").withWindow(START.plus(Duration.ofDays(2)), START.plus(Duration.ofDays(9))),
      Rule.plain(gig, 50, null, null).withThreshold(4),
      Rule.plain(lesson, null, null, title).withStreak(3, "DAY"),
      Rule.plain(lesson, 15, null, null).withStreak(2, "WEEK"),
      Rule.plain(lesson, 1, null, null).withCap(1, "ALL_TIME"));
    List<Long> ruleIds = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      ruleIds.add(oracle.install(SERVICE.db(), rules.get(i), "oracle rule " + i));
    }
    String cancel = ns + ".cancel";
    oracle.install(SERVICE.db(), Rule.reversal(cancel, ruleIds.get(5)), "reverses the capped gig points");
    oracle.install(SERVICE.db(), Rule.reversal(cancel, ruleIds.get(4)), "reverses the gig points from the amount");
    oracle.install(SERVICE.db(), Rule.reversal(cancel, ruleIds.get(0)), "reverses the course points");
    levels(badge, title).forEach(oracle::addLevel);

    List<String> users = List.of(ns + "-a", ns + "-b", ns + "-c", ns + "-d");
    List<String> names = List.of(course, gig, lesson, cancel);
    List<GamificationEvent> sent = new ArrayList<>();
    for (int batch = 0; batch < 30; batch++) {
      List<GamificationEvent> events = new ArrayList<>();
      int size = 1 + random.nextInt(25);
      for (int i = 0; i < size; i++) {
        if (!sent.isEmpty() && random.nextInt(10) == 0) {
          events.add(sent.get(random.nextInt(sent.size())));   // a redelivered event
          continue;
        }
        String user = users.get(random.nextInt(users.size()));
        Instant at = START.plus(Duration.ofHours(random.nextInt(24 * 14)));
        String entity = random.nextInt(3) == 0 ? null : "e" + random.nextInt(12);
        JsonObject attributes = new JsonObject();
        if (random.nextBoolean()) {
          attributes.put("score", random.nextInt(101));
        }
        if (random.nextBoolean()) {
          attributes.put("level", List.of("gold", "silver", "bronze").get(random.nextInt(3)));
        }
        if (random.nextInt(4) == 0) {
          attributes.put("plan", "trial");
        }
        if (random.nextInt(4) != 0) {
          attributes.put("amount", random.nextInt(400) + random.nextInt(100) / 100.0);
        }
        GamificationEvent event = new GamificationEvent(ns + "-" + UUID.randomUUID(), names.get(random.nextInt(names.size())),
          user, entity, at, "test", attributes.isEmpty() ? null : attributes.encode());
        events.add(event);
        sent.add(event);
      }
      List<GamificationEvent> unique = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      events.forEach(event -> {
        if (ids.add(event.eventId())) {
          unique.add(event);
        }
      });
      ApplyResult result = Await.result(SERVICE.vertx().eventBus()
        .<ApplyResult>request(Addresses.EVENTS_APPLY, new ApplyBatch(unique)).map(reply -> reply.body()));
      assertThat(result.outcomes()).noneMatch(o -> o.status() == ApplyResult.Status.REJECTED);
      unique.forEach(event -> oracle.apply(new RuleOracle.Event(event.eventId(), event.eventName(), event.userId(),
        event.relatedEntityId(), event.occurredAt(), event.attributes() == null ? null : new JsonObject(event.attributes()))));
    }

    // the daily totals are folded from the log (as the leaderboard does before it ranks the windows), then checked
    Await.result(SERVICE.db().query(DailyTotals.FOLD_ALL).execute());
    for (String user : users) {
      assertThat(total(user)).as("points of %s", user).isEqualTo(oracle.totalPoints(user));
      assertThat(perDay("SELECT day, total_points FROM user_daily_totals WHERE user_id = $1", user))
        .as("daily totals of %s folded from the log, against the log", user)
        .isEqualTo(perDay("SELECT gamification_period_start('DAY', occurred_at), sum(points)::bigint FROM points_log "
          + "WHERE user_id = $1 GROUP BY 1", user));
      assertThat(ids("SELECT badge_id FROM user_badges WHERE user_id = $1", user)).as("badges of %s", user)
        .isEqualTo(oracle.badges(user));
      assertThat(ids("SELECT title_id FROM user_titles WHERE user_id = $1", user)).as("titles of %s", user)
        .isEqualTo(oracle.titles(user));
      assertThat(ids("SELECT level_id FROM user_levels WHERE user_id = $1", user)).as("levels of %s", user)
        .isEqualTo(oracle.levels(user));
    }
    assertRewardIdsCarryTheirNumbers(users);
    assertThat(oracle.points()).as("the workload grants points at all").isPositive();
    assertThat(oracle.grants()).as("the workload reverses points and reaches levels")
      .anyMatch(grant -> grant.points() != null && grant.points() < 0)
      .anyMatch(grant -> grant.type().equals("LEVEL"));
  }

  @ParameterizedTest(name = "{0} events")
  @ValueSource(ints = {1, 40})
  @DisplayName("a batch's points entries are numbered in partition order, and their reward ids carry the numbers")
  void numbersFollowThePartitionOrder(int size) {
    String name = "ordered.t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    RuleOracle oracle = new RuleOracle();
    oracle.install(SERVICE.db(), Rule.plain(name, 2, null, null), "first rule");
    oracle.install(SERVICE.db(), Rule.plain(name, 3, null, null), "second rule");
    List<String> users = List.of(name + "-z", name + "-a", name + "-m");
    List<GamificationEvent> events = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      // ids and users out of their sort order: the numbers must follow the batch, not a key
      events.add(new GamificationEvent(name + "-" + (size - i) + "-" + UUID.randomUUID(), name, users.get(i % users.size()),
        null, START.plus(Duration.ofMinutes(size - i)), "test", null));
    }
    Await.result(SERVICE.vertx().eventBus().<ApplyResult>request(Addresses.EVENTS_APPLY, new ApplyBatch(events)));

    List<String> logged = new ArrayList<>();
    Await.result(SERVICE.db().preparedQuery("SELECT event_id FROM points_log WHERE user_id = ANY($1) ORDER BY id")
      .execute(Tuple.of(users.toArray(String[]::new)))).forEach(row -> logged.add(row.getString(0)));
    List<String> expected = new ArrayList<>();
    events.forEach(event -> {
      expected.add(event.eventId());
      expected.add(event.eventId());
    });
    assertThat(logged).as("event ids of the log, by number").containsExactlyElementsOf(expected);
    assertRewardIdsCarryTheirNumbers(users);
  }

  /**
   * Every reward of the users, of every table, has an id of its own, made by the engine (V14): an RFC 9562 version-8
   * UUID whose last 62 bits are the row's number from gamification_reward_seq.
   */
  private static void assertRewardIdsCarryTheirNumbers(List<String> users) {
    Map<UUID, Long> numbers = new HashMap<>();
    List<UUID> all = new ArrayList<>();
    Await.result(SERVICE.db().preparedQuery("""
        SELECT reward_id, id FROM points_log WHERE user_id = ANY($1)
        UNION ALL SELECT reward_id, seq FROM user_badges WHERE user_id = ANY($1)
        UNION ALL SELECT reward_id, seq FROM user_titles WHERE user_id = ANY($1)
        UNION ALL SELECT reward_id, seq FROM user_levels WHERE user_id = ANY($1)""")
      .execute(Tuple.of(users.toArray(String[]::new)))).forEach(row -> {
        all.add(row.getUUID(0));
        numbers.put(row.getUUID(0), row.getLong(1));
      });
    assertThat(all).as("reward ids").isNotEmpty().doesNotHaveDuplicates();
    numbers.forEach((reward, number) -> {
      assertThat(reward.version()).as("version of %s", reward).isEqualTo(8);
      assertThat(reward.variant()).as("variant of %s", reward).isEqualTo(2);
      assertThat(reward.getLeastSignificantBits() & ((1L << 62) - 1)).as("number inside %s", reward).isEqualTo(number);
    });
  }

  /** The levels of every run (levels are global: installed once, with the first run's badge and title). */
  private static synchronized List<RuleOracle.Level> levels(long badge, long title) {
    if (levels == null) {
      RuleOracle installer = new RuleOracle();
      installer.installLevel(SERVICE.db(), "starter", 0, null, null);
      installer.installLevel(SERVICE.db(), "bronze", 60, badge, null);
      installer.installLevel(SERVICE.db(), "silver", 250, null, title);
      installer.installLevel(SERVICE.db(), "gold", 600, null, null);
      levels = installer.levels();
    }
    return levels;
  }

  private static List<RuleOracle.Level> levels;

  private static long id(String sql) {
    return Await.result(SERVICE.db().query(sql).execute()).iterator().next().getLong(0);
  }

  private static long total(String user) {
    Row row = Await.result(SERVICE.db().preparedQuery("SELECT coalesce(sum(points), 0)::bigint FROM points_log WHERE user_id = $1")
      .execute(Tuple.of(user))).iterator().next();
    return row.getLong(0);
  }

  private static Map<LocalDate, Long> perDay(String sql, String user) {
    Map<LocalDate, Long> days = new HashMap<>();
    Await.result(SERVICE.db().preparedQuery(sql).execute(Tuple.of(user)))
      .forEach(row -> days.put(row.getLocalDate(0), row.getLong(1)));
    return days;
  }

  private static Set<Long> ids(String sql, String user) {
    Set<Long> ids = new HashSet<>();
    Await.result(SERVICE.db().preparedQuery(sql).execute(Tuple.of(user))).forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }
}
