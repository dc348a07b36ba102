package com.gigsy.gamification.app;

import io.vertx.core.json.JsonObject;

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
 * new event id. Alongside, the oracle: what every user must end up with, computed from the stream alone.
 * Deterministic for a seed. The size defaults to {@value #DEFAULT_EVENTS} events; the system property
 * {@value #SIZE_PROPERTY} changes it (e.g. {@code -Dgamification.fault.events=100000}).
 */
final class Workload {

  static final String SIZE_PROPERTY = "gamification.fault.events";
  static final int DEFAULT_EVENTS = 20_000;

  /** What the database and the rewards topic must hold once the stream is processed. */
  record Oracle(Map<String, Long> totals, Set<String> badges, Set<String> titles, int pointsEntries) {

    int rewards() {
      return pointsEntries + badges.size() + titles.size();
    }
  }

  private final List<JsonObject> events;
  private final int resends;
  private final Set<String> eventIds;
  private final Oracle oracle;

  private Workload(List<JsonObject> events, int resends, Set<String> eventIds, Oracle oracle) {
    this.events = events;
    this.resends = resends;
    this.eventIds = eventIds;
    this.oracle = oracle;
  }

  static int defaultSize() {
    return Integer.getInteger(SIZE_PROPERTY, DEFAULT_EVENTS);
  }

  /** {@code size} records over {@code size / 10} users (at least 1000), about 10 % of them resends. */
  static Workload generate(long seed, int size, String prefix) {
    Random random = new Random(seed);
    int users = Math.max(1_000, size / 10);
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
        .put("userId", user);
      if (kind.hasEntity()) {
        // few entities per user: the same entity comes back under new event ids
        event.put("relatedEntityId", kind.name().toLowerCase() + "-" + random.nextInt(4));
      }
      ids.add(event.getString("eventId"));
      events.add(event);
    }
    return new Workload(List.copyOf(events), resends, Set.copyOf(ids), oracle(events));
  }

  private static Oracle oracle(List<JsonObject> events) {
    Map<String, Long> totals = new TreeMap<>();
    Set<String> pointKeys = new HashSet<>();
    Set<String> badges = new TreeSet<>();
    Set<String> titles = new TreeSet<>();
    Set<String> seen = new HashSet<>();
    for (JsonObject event : events) {
      if (!seen.add(event.getString("eventId"))) {
        continue;
      }
      String user = event.getString("userId");
      String entity = event.getString("relatedEntityId");
      String dedupe = entity != null ? "entity:" + entity : "event:" + event.getString("eventId");
      for (WorkloadRules.Rule rule : WorkloadRules.matching(event.getString("eventName"))) {
        if (rule.points() != null && pointKeys.add(user + "|" + rule.key() + "|" + dedupe)) {
          totals.merge(user, (long) rule.points(), Long::sum);
        }
        if (rule.badge() != null) {
          badges.add(user + "|" + rule.badge());
        }
        if (rule.title() != null) {
          titles.add(user + "|" + rule.title());
        }
      }
    }
    return new Oracle(totals, badges, titles, pointKeys.size());
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

  Oracle oracle() {
    return oracle;
  }
}
