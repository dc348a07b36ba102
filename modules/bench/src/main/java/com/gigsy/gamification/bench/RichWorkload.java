package com.gigsy.gamification.bench;

import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.RuleOracle;
import com.gigsy.gamification.testing.RuleOracle.Condition;
import com.gigsy.gamification.testing.RuleOracle.Rule;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The benchmark's second workload (issue 11): the rule kinds of CONTRACT §7 mixed with plain rules, on event names
 * of their own ({@code rich.*}, so the plain workload's rules never match them and the other way round). It has the
 * plain workload's shape ({@link BenchWorkload} with 20 rules): 14 event names, one rule each, a second rule on the
 * first six, and 5 % of events on a name no rule matches; so both workloads evaluate as many rules per event, and
 * their ratio is what the kinds cost. 14 of the 20 rules use a kind (conditions, points from an attribute, a window,
 * caps, milestones, streaks), 6 are plain. Events carry attributes and fall on the last ten UTC days, entities repeat
 * (milestones count distinct ones), so caps, milestones and streaks all fire. Events are a pure function of a prefix
 * and an index, like {@link BenchWorkload}; the points they earn come from the contract's oracle ({@link RuleOracle}),
 * fed in production order — each user's partition order.
 */
final class RichWorkload {

  private static final String[] NAMES = {"rich.course.completed", "rich.gig.completed", "rich.application.sent",
    "rich.lesson.completed", "rich.quiz.passed", "rich.review.posted", "rich.gig.paid", "rich.course.logged",
    "rich.profile.updated", "rich.module.completed", "rich.session.attended", "rich.quiz.retaken", "rich.mentor.met",
    "rich.forum.answered"};
  private static final String UNMATCHED = "rich.page.viewed";
  private static final String[] LEVELS = {"gold", "silver", "bronze"};

  /** One generated record: the Kafka key (user id) and value, and the event the oracle sees. */
  record Generated(byte[] key, byte[] value, RuleOracle.Event event) {
  }

  private final int users;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  RichWorkload(int users) {
    this.users = users;
  }

  /** The rules, by event name; every kind of §7 and plain ones. */
  List<Rule> rules(long badge, long title) {
    Instant from = now.minus(Duration.ofDays(30));
    Instant until = now.plus(Duration.ofDays(30));
    return List.of(
      // the first rule of each name
      Rule.plain(NAMES[0], 50, null, null),
      Rule.plain(NAMES[1], 100, null, null),
      Rule.plain(NAMES[2], 5, null, null).withCap(10, "DAY"),
      Rule.plain(NAMES[3], 2, null, null),
      Rule.plain(NAMES[4], 10, null, null).withConditions(Condition.in("level", "gold", "silver")),
      Rule.plain(NAMES[5], 1, null, null),
      Rule.plain(NAMES[6], null, null, null).withPointsFrom("amount", new BigDecimal("0.1")),
      Rule.plain(NAMES[7], null, null, null).withPointsFrom("hours", new BigDecimal("2")),
      Rule.plain(NAMES[8], 1, null, null).withCap(1, "ALL_TIME"),
      Rule.plain(NAMES[9], null, null, title).withThreshold(3),
      Rule.plain(NAMES[10], 30, null, null).withStreak(2, "WEEK"),
      Rule.plain(NAMES[11], 3, null, null).withConditions(Condition.of("plan", "NE", "trial")),
      Rule.plain(NAMES[12], 8, null, null),
      Rule.plain(NAMES[13], 6, null, null),
      // a second rule on the first six names
      Rule.plain(NAMES[0], 20, null, null).withConditions(Condition.of("score", "GTE", "90")),
      Rule.plain(NAMES[1], 200, badge, null).withThreshold(2),
      Rule.plain(NAMES[2], 25, null, null).withCap(1, "WEEK"),
      Rule.plain(NAMES[3], null, null, title).withStreak(2, "DAY"),
      Rule.plain(NAMES[4], 5, null, null).withWindow(from, until),
      Rule.plain(NAMES[5], 4, null, null).withConditions(Condition.of("stars", "GTE", "4")).withCap(3, "DAY"));
  }

  /** Installs a badge, a title and the rules; the oracle knows them afterwards. */
  void install(Pool db, RuleOracle oracle) {
    long badge = Await.result(db.query("INSERT INTO badges (name, description, icon_url) VALUES "
      + "('Rich badge', 'benchmark', 'https://cdn.gigsy.test/rich.png') RETURNING id").execute()).iterator().next().getLong(0);
    long title = Await.result(db.query("INSERT INTO titles (name, description) VALUES ('Rich title', 'benchmark') RETURNING id")
      .execute()).iterator().next().getLong(0);
    List<Rule> rules = rules(badge, title);
    for (int i = 0; i < rules.size(); i++) {
      oracle.install(db, rules.get(i), "rich bench rule " + i);
    }
  }

  /** Record {@code index} of the stream {@code prefix}. */
  Generated generate(String prefix, long index) {
    long h = BenchWorkload.mix(index * 0x9E3779B97F4A7C15L + prefix.hashCode());
    String user = "user-" + Long.remainderUnsigned(h, users);
    long h2 = BenchWorkload.mix(h);
    int name = Long.remainderUnsigned(h2, 100) < 5 ? -1 : (int) Long.remainderUnsigned(h2 >>> 8, NAMES.length);
    long h3 = BenchWorkload.mix(h2);
    Instant at = now.minus(Duration.ofSeconds(Long.remainderUnsigned(h3, 10L * 86_400)));
    String eventId = prefix + "-" + index;
    String entity = null;
    JsonObject attributes = new JsonObject();
    long r = BenchWorkload.mix(h3);
    switch (name) {
      case 0 -> {
        entity = "course-" + Long.remainderUnsigned(r, 40);
        attributes.put("score", Long.remainderUnsigned(r >>> 8, 101));
      }
      case 1 -> entity = "gig-" + Long.remainderUnsigned(r, 60);
      case 4 -> attributes.put("level", LEVELS[(int) Long.remainderUnsigned(r, LEVELS.length)]);
      case 5 -> attributes.put("stars", Long.remainderUnsigned(r, 5) + 1);
      case 6 -> {
        entity = "payment-" + eventId;
        attributes.put("amount", Long.remainderUnsigned(r, 200_000) / 100.0);
      }
      case 7 -> attributes.put("hours", Long.remainderUnsigned(r, 20) + 1);
      case 9 -> entity = "module-" + Long.remainderUnsigned(r, 30);
      case 11 -> {
        if (Long.remainderUnsigned(r, 4) == 0) {
          attributes.put("plan", "trial");
        }
      }
      default -> {
      }
    }
    String eventName = name < 0 ? UNMATCHED : NAMES[name];
    StringBuilder json = new StringBuilder(240)
      .append("{\"eventId\":\"").append(eventId)
      .append("\",\"eventName\":\"").append(eventName)
      .append("\",\"userId\":\"").append(user).append('"');
    if (entity != null) {
      json.append(",\"relatedEntityId\":\"").append(entity).append('"');
    }
    json.append(",\"occurredAt\":\"").append(at).append('"');
    if (!attributes.isEmpty()) {
      json.append(",\"attributes\":").append(attributes.encode());
    }
    json.append('}');
    return new Generated(user.getBytes(StandardCharsets.UTF_8), json.toString().getBytes(StandardCharsets.UTF_8),
      new RuleOracle.Event(eventId, eventName, user, entity, at, attributes.isEmpty() ? null : attributes));
  }

  /** The points of the first {@code count} records of {@code prefix}, by the oracle, fed in production order. */
  static long expectedPoints(RichWorkload workload, RuleOracle oracle, String prefix, long count) {
    for (long i = 0; i < count; i++) {
      oracle.apply(workload.generate(prefix, i).event());
    }
    return oracle.points();
  }
}
