package com.gigsy.gamification.bench;

import com.gigsy.gamification.testing.Await;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's rule set and events (issue 6). Every event is a pure function of a stream prefix and an
 * index, so the Kafka run, the raw-insert run and the checks see exactly the same rows without keeping a
 * million events in memory.
 * <p>
 * Rules: about 70 % of {@code R} are one points rule per event name; the rest are a second rule on the
 * first event names (cycling: points and a badge, a title, points), so several event names match two rules
 * and most rules award points. 5 % of events carry a name no rule matches. Users are spread uniformly;
 * event ids and entity ids are unique, so every event is applied once and every matching rule pays.
 */
final class BenchWorkload {

  private static final String[] NAMES = {
    "course.completed", "gig.completed", "application.sent", "gig.reviewed", "lesson.completed", "quiz.passed",
    "profile.completed", "referral.joined", "mentor.session_held", "forum.answered", "streak.kept",
    "portfolio.updated", "skill.verified", "certificate.earned", "event.attended", "post.liked"};
  static final String UNMATCHED = "page.viewed";
  static final String CREATED_BY = "system";

  /** One rule; {@code id} is its database id once installed (rule ids are the same in every fresh database). */
  record Rule(int index, String eventName, Integer points, String badge, String title) {
  }

  /** One event, as on the wire and as the engine would store it. */
  record Event(String eventId, String eventName, int nameIndex, String userId, String relatedEntityId) {

    String dedupeKey() {
      return relatedEntityId != null ? "entity:" + relatedEntityId : "event:" + eventId;
    }
  }

  final int users;
  final List<String> eventNames = new ArrayList<>();
  final List<Rule> rules = new ArrayList<>();
  /** Rules by event-name index. */
  private final List<List<Rule>> byName = new ArrayList<>();
  final Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  final OffsetDateTime occurredAtOffset = occurredAt.atOffset(ZoneOffset.UTC);
  private final String occurredAtText = occurredAt.toString();

  BenchWorkload(int ruleCount, int users) {
    if (ruleCount < 1) {
      throw new IllegalArgumentException("at least one rule");
    }
    this.users = users;
    int names = Math.max(1, (int) Math.ceil(ruleCount * 0.7));
    for (int k = 0; k < names; k++) {
      eventNames.add(k < NAMES.length ? NAMES[k] : "bench.event_" + k);
      byName.add(new ArrayList<>());
    }
    for (int k = 0; k < names; k++) {
      add(new Rule(rules.size(), eventNames.get(k), 5 + (k * 37) % 96, null, null), k);
    }
    for (int j = 0; rules.size() < ruleCount; j++) {
      int name = j % names;
      switch (j % 3) {
        case 0 -> add(new Rule(rules.size(), eventNames.get(name), 10, "Badge " + j, null), name);
        case 1 -> add(new Rule(rules.size(), eventNames.get(name), null, null, "Title " + j), name);
        default -> add(new Rule(rules.size(), eventNames.get(name), 3 + j, null, null), name);
      }
    }
  }

  private void add(Rule rule, int name) {
    rules.add(rule);
    byName.get(name).add(rule);
  }

  /** The rules an event matches (empty for {@link #UNMATCHED}). */
  List<Rule> matching(Event event) {
    return event.nameIndex() < 0 ? List.of() : byName.get(event.nameIndex());
  }

  /** Event {@code index} of the stream {@code prefix}. */
  Event event(String prefix, long index) {
    long h = mix(index * 0x9E3779B97F4A7C15L + prefix.hashCode());
    int user = (int) Long.remainderUnsigned(h, users);
    long h2 = mix(h);
    int name = Long.remainderUnsigned(h2, 100) < 5 ? -1 : (int) Long.remainderUnsigned(h2 >>> 8, eventNames.size());
    String eventId = prefix + "-" + index;
    boolean entity = name >= 0 && name % 2 == 0;
    return new Event(eventId, name < 0 ? UNMATCHED : eventNames.get(name), name, "user-" + user,
      entity ? "ent-" + eventId : null);
  }

  /** An event of a given name for a given user (freshness probes). */
  Event event(String eventId, int nameIndex, String userId) {
    return new Event(eventId, eventNames.get(nameIndex), nameIndex, userId, null);
  }

  /** The record value: CONTRACT §2 JSON (no escaping needed: every value is plain ASCII). */
  byte[] json(Event event) {
    StringBuilder json = new StringBuilder(200)
      .append("{\"eventId\":\"").append(event.eventId())
      .append("\",\"eventName\":\"").append(event.eventName())
      .append("\",\"userId\":\"").append(event.userId()).append('"');
    if (event.relatedEntityId() != null) {
      json.append(",\"relatedEntityId\":\"").append(event.relatedEntityId()).append('"');
    }
    json.append(",\"occurredAt\":\"").append(occurredAtText).append("\"}");
    return json.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The points event {@code index} of {@code prefix} earns. */
  long points(Event event) {
    long sum = 0;
    for (Rule rule : matching(event)) {
      if (rule.points() != null) {
        sum += rule.points();
      }
    }
    return sum;
  }

  long expectedPoints(String prefix, long count) {
    long sum = 0;
    for (long i = 0; i < count; i++) {
      sum += points(event(prefix, i));
    }
    return sum;
  }

  /** The index of an event name whose first rule awards points (rule 0's). */
  int pointsNameIndex() {
    return 0;
  }

  /**
   * Creates the badges, titles and rules in a migrated database; returns the database ids by rule index,
   * and fills {@code badgeIds} / {@code titleIds} by name.
   */
  List<Long> install(Pool db, Map<String, Long> badgeIds, Map<String, Long> titleIds) {
    List<Long> ids = new ArrayList<>();
    for (Rule rule : rules) {
      Long badge = null;
      Long title = null;
      if (rule.badge() != null) {
        badge = one(db, "INSERT INTO badges (name, description, icon_url) VALUES ($1, 'benchmark badge', "
          + "'https://cdn.gigsy.test/bench.png') RETURNING id", Tuple.of(rule.badge()));
        badgeIds.put(rule.badge(), badge);
      }
      if (rule.title() != null) {
        title = one(db, "INSERT INTO titles (name, description) VALUES ($1, 'benchmark title') RETURNING id",
          Tuple.of(rule.title()));
        titleIds.put(rule.title(), title);
      }
      ids.add(one(db, """
          INSERT INTO gamification_rules (event_name, description, points_awarded, badge_id, title_id)
          VALUES ($1, $2, $3, $4, $5) RETURNING id""",
        Tuple.of(rule.eventName(), "bench rule " + rule.index(), rule.points(), badge, title)));
    }
    return ids;
  }

  List<Long> install(Pool db) {
    return install(db, new HashMap<>(), new HashMap<>());
  }

  private static long one(Pool db, String sql, Tuple args) {
    Row row = Await.result(db.preparedQuery(sql).execute(args)).iterator().next();
    return row.getLong(0);
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
