package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.RuleOracle;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A known stream of events for the fault scenarios, over many users and the rules of {@link WorkloadRules},
 * with duplicates mixed in: exact resends of an earlier event (same event id) and the same entity under a
 * new event id. Alongside, the oracle: what every user must end up with, computed from the stream alone by
 * {@link RuleOracle}.
 * Deterministic for a seed. The size defaults to {@value #DEFAULT_EVENTS} events; the system property
 * {@value #SIZE_PROPERTY} changes it (e.g. {@code -Dgamification.fault.events=100000}).
 */
final class Workload {

  static final String SIZE_PROPERTY = "gamification.fault.events";
  static final int DEFAULT_EVENTS = 20_000;
  /** The first instant of the stream's two weeks (a Monday, 00:00 UTC). */
  static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  /**
   * What the database and the rewards topic must hold once the stream is processed, of every user but {@code excluded}
   * (of whom it says nothing): badges, titles and levels as {@code user|name}, points entries counted by user.
   */
  record Oracle(Map<String, Long> totals, Set<String> badges, Set<String> titles, Set<String> levels,
                Map<String, Integer> pointsEntriesByUser, Map<Long, Integer> grantsByRule, Set<String> excluded) {

    int pointsEntries() {
      return pointsEntriesByUser.values().stream().mapToInt(Integer::intValue).sum();
    }

    int rewards() {
      return pointsEntries() + badges.size() + titles.size() + levels.size();
    }

    /** This oracle and the badges a backfill grants ({@code user|badge}). */
    Oracle plusBadges(Set<String> granted) {
      Set<String> all = new TreeSet<>(badges);
      all.addAll(granted);
      return new Oracle(totals, all, titles, levels, pointsEntriesByUser, grantsByRule, excluded);
    }

    /**
     * This oracle but for {@code users} (e.g. erased ones): what the others must end up with. The grants by rule, which
     * the report shows, stay the workload's.
     */
    Oracle without(Set<String> users) {
      Map<String, Long> keptTotals = new TreeMap<>(totals);
      keptTotals.keySet().removeAll(users);
      Map<String, Integer> keptEntries = new TreeMap<>(pointsEntriesByUser);
      keptEntries.keySet().removeAll(users);
      Set<String> all = new TreeSet<>(excluded);
      all.addAll(users);
      return new Oracle(keptTotals, others(badges, users), others(titles, users), others(levels, users), keptEntries,
        grantsByRule, Set.copyOf(all));
    }

    private static Set<String> others(Set<String> awards, Set<String> users) {
      Set<String> kept = new TreeSet<>();
      for (String award : awards) {
        if (!users.contains(award.substring(0, award.indexOf('|')))) {
          kept.add(award);
        }
      }
      return kept;
    }
  }

  private final List<JsonObject> events;
  private final int resends;
  private final Set<String> eventIds;

  private Workload(List<JsonObject> events, int resends, Set<String> eventIds) {
    this.events = events;
    this.resends = resends;
    this.eventIds = eventIds;
  }

  static int defaultSize() {
    return Integer.getInteger(SIZE_PROPERTY, DEFAULT_EVENTS);
  }

  /**
   * {@code size} records over {@code size / 25} users (at least 200), about 10 % of them resends, the others spread
   * over two weeks from {@link #START} (so caps, windows and streaks meet several UTC days and ISO weeks; lessons
   * fall in its first ten days, so daily streaks form), some with the attributes the rules look at.
   */
  static Workload generate(long seed, int size, String prefix) {
    Random random = new Random(seed);
    int users = Math.max(200, size / 25);
    List<JsonObject> events = new ArrayList<>(size);
    Set<String> ids = new HashSet<>();
    int resends = 0;
    for (int i = 0; i < size; i++) {
      if (i > 10 && random.nextInt(10) == 0) {
        events.add(events.get(random.nextInt(events.size())).copy());
        resends++;
        continue;
      }
      WorkloadRules.Kind kind = WorkloadRules.Kind.values()[random.nextInt(WorkloadRules.Kind.values().length)];
      String user = prefix + "-u" + random.nextInt(users);
      JsonObject event = new JsonObject()
        .put("eventId", prefix + "-e" + i)
        .put("eventName", kind.eventName())
        .put("userId", user)
        .put("occurredAt", START.plusSeconds(random.nextInt((kind == WorkloadRules.Kind.LESSON ? 10 : 14) * 86_400)).toString());
      if (kind.hasEntity()) {
        // few entities per user: the same entity comes back under new event ids
        event.put("relatedEntityId", kind.entityPrefix() + "-" + random.nextInt(4));
      }
      if (kind == WorkloadRules.Kind.COURSE && random.nextBoolean()) {
        event.put("attributes", new JsonObject().put("score", random.nextInt(101)));
      } else if (kind == WorkloadRules.Kind.GIG && random.nextBoolean()) {
        event.put("attributes", new JsonObject().put("amount", random.nextInt(5_000) / 10.0));
      }
      ids.add(event.getString("eventId"));
      events.add(event);
    }
    return new Workload(List.copyOf(events), resends, Set.copyOf(ids));
  }

  /**
   * What the rules grant for the stream, computed by the contract's oracle from the stream alone, in the order it is
   * sent (each user's records keep that order on their partition).
   */
  Oracle oracle(WorkloadRules.Installed rules) {
    RuleOracle oracle = rules.oracle();
    for (JsonObject event : events) {
      oracle.apply(new RuleOracle.Event(event.getString("eventId"), event.getString("eventName"), event.getString("userId"),
        event.getString("relatedEntityId"), Instant.parse(event.getString("occurredAt")), event.getJsonObject("attributes")));
    }
    Map<String, Long> totals = new TreeMap<>();
    Set<String> badges = new TreeSet<>();
    Set<String> titles = new TreeSet<>();
    Set<String> levels = new TreeSet<>();
    Map<String, Integer> pointsEntries = new TreeMap<>();
    Map<Long, Integer> byRule = new TreeMap<>();
    for (RuleOracle.Grant grant : oracle.grants()) {
      byRule.merge(grant.ruleId(), 1, Integer::sum);
      switch (grant.type()) {
        case "POINTS" -> {
          totals.merge(grant.userId(), (long) grant.points(), Long::sum);
          pointsEntries.merge(grant.userId(), 1, Integer::sum);
        }
        case "BADGE" -> badges.add(grant.userId() + "|" + rules.badges().get(grant.badgeId()));
        case "LEVEL" -> levels.add(grant.userId() + "|" + rules.levels().get(grant.levelId()));
        default -> titles.add(grant.userId() + "|" + rules.titles().get(grant.titleId()));
      }
    }
    return new Oracle(totals, badges, titles, levels, pointsEntries, byRule, Set.of());
  }

  List<JsonObject> events() {
    return events;
  }

  /** Records that repeat an earlier event exactly. */
  int resends() {
    return resends;
  }

  /** The distinct event ids: each must end up in the inbox. */
  Set<String> eventIds() {
    return eventIds;
  }

  /** The distinct event ids of every user but {@code users}: what the inbox holds once those users are erased. */
  Set<String> eventIdsExcept(Set<String> users) {
    Set<String> ids = new HashSet<>();
    for (JsonObject event : events) {
      if (!users.contains(event.getString("userId"))) {
        ids.add(event.getString("eventId"));
      }
    }
    return ids;
  }

}
