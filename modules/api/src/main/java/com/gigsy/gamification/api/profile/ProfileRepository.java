package com.gigsy.gamification.api.profile;

import com.gigsy.gamification.api.catalog.Title;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * Reads what one user holds: {@code points_log}, {@code user_badges} and {@code user_titles}, and where they stand on
 * milestone and streak rules ({@code rule_progress}, {@code streak_progress}).
 */
final class ProfileRepository {

  /** The log is the truth of a total (the {@code user_totals} projection is for rankings). */
  private static final String TOTAL_POINTS = """
    SELECT COALESCE(SUM(points), 0)::bigint AS total
    FROM points_log
    WHERE user_id = $1
    """;

  private static final String BADGES = """
    SELECT badge_id, awarded_at, rule_id, event_id, reward_id
    FROM user_badges
    WHERE user_id = $1
    ORDER BY awarded_at, badge_id
    """;

  private static final String TITLES = """
    SELECT title_id, is_equipped, awarded_at, rule_id, event_id
    FROM user_titles
    WHERE user_id = $1
    ORDER BY awarded_at, title_id
    """;

  private static final String EQUIPPED_TITLE = """
    SELECT t.id, t.name, t.description
    FROM user_titles ut
    JOIN titles t ON t.id = ut.title_id
    WHERE ut.user_id = $1 AND ut.is_equipped
    """;

  /** One row per threshold rule the user has matched; the engine writes rule_progress for those only. */
  private static final String MILESTONES = """
    SELECT p.rule_id, p.count, r.threshold, p.completed_at
    FROM rule_progress p
    JOIN gamification_rules r ON r.id = p.rule_id
    WHERE p.user_id = $1 AND r.threshold IS NOT NULL
    ORDER BY p.rule_id
    """;

  /**
   * One row per streak rule the user has matched. The current run counts while its latest period is the current or
   * the previous UTC day (or ISO week) at the time of the query, so a streak extended today or yesterday still runs.
   */
  private static final String STREAKS = """
    SELECT s.rule_id, s.longest, s.last_period::timestamp AT TIME ZONE 'UTC' AS last_period_start,
           CASE WHEN s.last_period IN (gamification_period_start(r.streak_period, now()),
                                       gamification_period_start(r.streak_period, now() - CASE r.streak_period
                                         WHEN 'WEEK' THEN interval '1 week' ELSE interval '1 day' END))
             THEN s.last_run ELSE 0 END AS current
    FROM streak_progress s
    JOIN gamification_rules r ON r.id = s.rule_id
    WHERE s.user_id = $1 AND r.streak_period IS NOT NULL
    ORDER BY s.rule_id
    """;

  private final SqlClient client;

  ProfileRepository(SqlClient client) {
    this.client = client;
  }

  /** The sum of the user's points log; 0 for a user with none. */
  Future<Long> totalPoints(String userId) {
    return client.preparedQuery(TOTAL_POINTS).execute(Tuple.of(userId))
      .map(rows -> rows.iterator().next().getLong("total"));
  }

  /** The user's badges, in the order they were awarded. */
  Future<List<UserBadge>> badges(String userId) {
    return list(BADGES, userId, row -> new UserBadge(userId, row.getLong("badge_id"), row.getOffsetDateTime("awarded_at"),
      row.getLong("rule_id"), row.getString("event_id"), row.getUUID("reward_id")));
  }

  /** The user's titles, in the order they were awarded. */
  Future<List<UserTitle>> titles(String userId) {
    return list(TITLES, userId, row -> new UserTitle(row.getLong("title_id"), row.getBoolean("is_equipped"),
      row.getOffsetDateTime("awarded_at"), row.getLong("rule_id"), row.getString("event_id")));
  }

  /** The title the user shows, or null (at most one is equipped, enforced by a unique index). */
  Future<Title> equippedTitle(String userId) {
    return list(EQUIPPED_TITLE, userId, ProfileRepository::title)
      .map(titles -> titles.isEmpty() ? null : titles.get(0));
  }

  /** The user's progress towards each threshold rule they have matched, by rule id. */
  Future<List<MilestoneProgress>> milestones(String userId) {
    return list(MILESTONES, userId, row -> new MilestoneProgress(row.getLong("rule_id"), row.getInteger("count"),
      row.getInteger("threshold"), row.getOffsetDateTime("completed_at")));
  }

  /** The user's progress on each streak rule they have matched, by rule id. */
  Future<List<StreakProgress>> streaks(String userId) {
    return list(STREAKS, userId, row -> new StreakProgress(row.getLong("rule_id"), row.getInteger("current"),
      row.getInteger("longest"), row.getOffsetDateTime("last_period_start")));
  }

  /** A catalog title, read by this repository's own statement (a join from the user's titles). */
  private static Title title(Row row) {
    return new Title(row.getLong("id"), row.getString("name"), row.getString("description"));
  }

  private <T> Future<List<T>> list(String sql, String userId, Function<Row, T> mapper) {
    Collector<Row, ?, List<T>> collector = Collectors.mapping(mapper, Collectors.toList());
    return client.preparedQuery(sql).collecting(collector).execute(Tuple.of(userId)).map(SqlResult::value);
  }
}
