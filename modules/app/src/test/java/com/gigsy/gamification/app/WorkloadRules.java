package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.RuleOracle;
import com.gigsy.gamification.testing.RuleOracle.Condition;
import com.gigsy.gamification.testing.RuleOracle.Rule;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule set of the fault scenarios: two rules on one event, a badge granted by two rules, points with and without an
 * entity, every kind of CONTRACT §7 — a condition, points from an attribute, a campaign window, caps per day and for
 * all time, milestones (one of them tiered), daily and weekly streaks — and of §8: reversal rules (a cancelled gig's
 * points taken back) and levels with a badge and a title. {@link #install} writes it to a fresh database and returns
 * the oracle that knows it.
 */
final class WorkloadRules {

  /** The kinds of events of a workload. */
  enum Kind {
    COURSE("course.completed", true),
    GIG("gig.completed", true),
    REVIEW("gig.reviewed", true),
    APPLICATION("application.sent", false),
    LESSON("lesson.completed", false),
    /** Cancels a gig (same entities as GIG): its points are taken back. */
    CANCEL("gig.cancelled", true);

    private final String eventName;
    private final boolean hasEntity;

    Kind(String eventName, boolean hasEntity) {
      this.eventName = eventName;
      this.hasEntity = hasEntity;
    }

    /** The prefix of the entities of this kind's events ("gig-2"): a cancellation names a gig. */
    String entityPrefix() {
      return this == CANCEL ? "gig" : name().toLowerCase();
    }

    String eventName() {
      return eventName;
    }

    boolean hasEntity() {
      return hasEntity;
    }
  }

  static final String FIRST_GIG = "First Gig";
  static final String SCHOLAR = "Scholar";
  static final String TOP_LEARNER = "Top Learner";
  static final String STREAKER = "Streaker";
  static final String VETERAN = "Veteran";
  static final String LEGEND = "Legend";

  /** What {@link #install} wrote: the oracle knowing the rules and levels, and the badge, title and level names by id. */
  record Installed(RuleOracle oracle, Map<Long, String> badges, Map<Long, String> titles, Map<Long, String> levels) {
  }

  private WorkloadRules() {
  }

  /** Creates the badges, the titles and the rules. */
  static Installed install(SqlClient db) {
    Map<Long, String> badges = new HashMap<>();
    Map<Long, String> titles = new HashMap<>();
    long firstGig = badge(db, FIRST_GIG, badges);
    long scholar = badge(db, SCHOLAR, badges);
    long topLearner = title(db, TOP_LEARNER, titles);
    long streaker = title(db, STREAKER, titles);
    long veteran = badge(db, VETERAN, badges);
    long legend = title(db, LEGEND, titles);
    RuleOracle oracle = new RuleOracle();
    List<Rule> rules = List.of(
      Rule.plain("course.completed", 50, null, null),
      Rule.plain("course.completed", null, null, topLearner),
      Rule.plain("course.completed", 20, null, null).withConditions(Condition.of("score", "GTE", "90")),
      Rule.plain("course.completed", null, scholar, null).withThreshold(3),
      Rule.plain("gig.completed", 100, firstGig, null),
      Rule.plain("gig.completed", null, null, null).withPointsFrom("amount", new BigDecimal("0.1")),
      Rule.plain("gig.completed", 200, null, null).withThreshold(3),
      Rule.plain("gig.completed", 500, null, null).withThreshold(4),
      Rule.plain("gig.reviewed", 10, firstGig, null),
      Rule.plain("gig.reviewed", 7, null, null).withWindow(Workload.START.plusSeconds(3 * 86_400),
        Workload.START.plusSeconds(8 * 86_400)),
      Rule.plain("application.sent", 5, null, null),
      Rule.plain("application.sent", 3, null, null).withCap(2, "DAY"),
      Rule.plain("application.sent", 1, null, null).withCap(1, "ALL_TIME"),
      Rule.plain("lesson.completed", null, null, streaker).withStreak(3, "DAY"),
      Rule.plain("lesson.completed", 30, null, null).withStreak(2, "WEEK"));
    List<Long> ids = new java.util.ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      ids.add(oracle.install(db, rules.get(i), "workload rule " + i));
    }
    oracle.install(db, Rule.reversal("gig.cancelled", ids.get(4)), "a cancelled gig's points");
    oracle.install(db, Rule.reversal("gig.cancelled", ids.get(5)), "a cancelled gig's amount points");
    Map<Long, String> levels = new HashMap<>();
    levels.put(oracle.installLevel(db, "Rookie", 100, null, null), "Rookie");
    levels.put(oracle.installLevel(db, "Pro", 400, veteran, null), "Pro");
    levels.put(oracle.installLevel(db, "Master", 900, null, legend), "Master");
    return new Installed(oracle, badges, titles, levels);
  }

  private static long badge(SqlClient db, String name, Map<Long, String> names) {
    long id = Await.result(db.preparedQuery("INSERT INTO badges (name, description, icon_url) VALUES ($1, 'workload badge', "
      + "'https://cdn.gigsy.test/badge.png') RETURNING id").execute(Tuple.of(name))).iterator().next().getLong(0);
    names.put(id, name);
    return id;
  }

  private static long title(SqlClient db, String name, Map<Long, String> names) {
    long id = Await.result(db.preparedQuery("INSERT INTO titles (name, description) VALUES ($1, 'workload title') RETURNING id")
      .execute(Tuple.of(name))).iterator().next().getLong(0);
    names.put(id, name);
    return id;
  }
}
