package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.Await;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/**
 * The rule set of the fault scenarios: two rules on one event, a badge granted by two rules, points with
 * and without an entity. {@link #install} writes it to a fresh database.
 */
final class WorkloadRules {

  /** The kinds of events of a workload. */
  enum Kind {
    COURSE("course.completed", true),
    GIG("gig.completed", true),
    REVIEW("gig.reviewed", true),
    APPLICATION("application.sent", false);

    private final String eventName;
    private final boolean hasEntity;

    Kind(String eventName, boolean hasEntity) {
      this.eventName = eventName;
      this.hasEntity = hasEntity;
    }

    String eventName() {
      return eventName;
    }

    boolean hasEntity() {
      return hasEntity;
    }
  }

  /** One rule: {@code key} is its description, unique in the set. */
  record Rule(String key, String eventName, Integer points, String badge, String title) {
  }

  static final String FIRST_GIG = "First Gig";
  static final String TOP_LEARNER = "Top Learner";

  static final List<Rule> RULES = List.of(
    new Rule("course points", "course.completed", 50, null, null),
    new Rule("course title", "course.completed", null, null, TOP_LEARNER),
    new Rule("gig points and badge", "gig.completed", 100, FIRST_GIG, null),
    new Rule("review points and badge", "gig.reviewed", 10, FIRST_GIG, null),
    new Rule("application points", "application.sent", 5, null, null));

  private WorkloadRules() {
  }

  static List<Rule> matching(String eventName) {
    return RULES.stream().filter(rule -> rule.eventName().equals(eventName)).toList();
  }

  /** Creates the badge, the title and the rules. */
  static void install(Pool db) {
    Await.result(db.preparedQuery("INSERT INTO badges (name, description, icon_url) VALUES ($1, 'Completed a gig', "
      + "'https://cdn.gigsy.test/first-gig.png')").execute(Tuple.of(FIRST_GIG)));
    Await.result(db.preparedQuery("INSERT INTO titles (name, description) VALUES ($1, 'Learns a lot')")
      .execute(Tuple.of(TOP_LEARNER)));
    for (Rule rule : RULES) {
      Await.result(db.preparedQuery("""
          INSERT INTO gamification_rules (event_name, description, points_awarded, badge_id, title_id)
          VALUES ($1, $2, $3, (SELECT id FROM badges WHERE name = $4), (SELECT id FROM titles WHERE name = $5))""")
        .execute(Tuple.of(rule.eventName(), rule.key(), rule.points(), rule.badge(), rule.title())));
    }
  }
}
