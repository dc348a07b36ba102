package com.gigsy.gamification.api.profile;

import com.gigsy.gamification.api.catalog.Badge;
import com.gigsy.gamification.api.catalog.Title;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads what one user holds in ONE statement, so every field of a profile comes from the same snapshot: the total
 * ({@code user_totals}, the log's projection), {@code user_badges} and {@code user_titles} (with the catalog rows they point at), the equipped
 * title, where the user stands on milestone and streak rules ({@code rule_progress}, {@code streak_progress}), and the
 * level standing ({@code user_totals} against {@code levels}). Not the rank: it comes from the latest leaderboard
 * computation, a snapshot of its own, and is read apart (the leaderboard's connections, with generic plans).
 * Each part is computed only when its flag is set (a {@code CASE} over an uncorrelated subquery, which PostgreSQL
 * evaluates only when the branch is taken), so a profile asked only for its {@code totalPoints} reads nothing else.
 */
final class ProfileRepository {

  /**
   * $1: the user; $2 … $8: whether to read the total, badges, titles, equipped title, milestones, streaks and level
   * standing. One row; a part not read is null.
   * <ul>
   *   <li>The total is the {@code user_totals} projection of the log, written in the same transaction as every log
   *   entry (the engine's batches, adjustments, reversals, erasure): in every snapshot it equals the log's sum, which
   *   {@code totalsReconciliation} checks. One row, where summing the log reads a heap page per entry (~1,000
   *   profiles/s at the benchmark's size, 44 entries per user, most pages out of PostgreSQL's buffers).</li>
   *   <li>Milestones: one per threshold rule the user has matched; the engine writes rule_progress for those only.</li>
   *   <li>Streaks: the current run counts while its latest period is the current or the previous UTC day (or ISO
   *   week) at the time of the query, so a streak extended today or yesterday still runs.</li>
   *   <li>Standing: the user's level and the next, by their projected total (0 without points).</li>
   * </ul>
   */
  static final String SNAPSHOT = """
    SELECT
      CASE WHEN $2 THEN COALESCE((SELECT total_points FROM user_totals WHERE user_id = $1), 0) END AS total_points,
      CASE WHEN $3 THEN (
        SELECT COALESCE(json_agg(json_build_object('badge_id', ub.badge_id, 'awarded_at', ub.awarded_at,
                 'rule_id', ub.rule_id, 'event_id', ub.event_id, 'reward_id', ub.reward_id, 'name', b.name,
                 'description', b.description, 'icon_url', b.icon_url) ORDER BY ub.awarded_at, ub.badge_id), '[]')
        FROM user_badges ub
        LEFT JOIN badges b ON b.id = ub.badge_id
        WHERE ub.user_id = $1) END AS badges,
      CASE WHEN $4 THEN (
        SELECT COALESCE(json_agg(json_build_object('title_id', ut.title_id, 'is_equipped', ut.is_equipped,
                 'awarded_at', ut.awarded_at, 'rule_id', ut.rule_id, 'event_id', ut.event_id, 'name', t.name,
                 'description', t.description) ORDER BY ut.awarded_at, ut.title_id), '[]')
        FROM user_titles ut
        LEFT JOIN titles t ON t.id = ut.title_id
        WHERE ut.user_id = $1) END AS titles,
      CASE WHEN $5 THEN (
        SELECT json_build_object('id', t.id, 'name', t.name, 'description', t.description)
        FROM user_titles ut
        JOIN titles t ON t.id = ut.title_id
        WHERE ut.user_id = $1 AND ut.is_equipped) END AS equipped_title,
      CASE WHEN $6 THEN (
        SELECT COALESCE(json_agg(json_build_object('rule_id', p.rule_id, 'count', p.count, 'threshold', r.threshold,
                 'completed_at', p.completed_at) ORDER BY p.rule_id), '[]')
        FROM rule_progress p
        JOIN gamification_rules r ON r.id = p.rule_id
        WHERE p.user_id = $1 AND r.threshold IS NOT NULL) END AS milestones,
      CASE WHEN $7 THEN (
        SELECT COALESCE(json_agg(json_build_object('rule_id', s.rule_id, 'longest', s.longest,
                 'last_period_start', s.last_period::timestamp AT TIME ZONE 'UTC',
                 'current', CASE WHEN s.last_period IN (gamification_period_start(r.streak_period, now()),
                                        gamification_period_start(r.streak_period, now() - CASE r.streak_period
                                          WHEN 'WEEK' THEN interval '1 week' ELSE interval '1 day' END))
                              THEN s.last_run ELSE 0 END) ORDER BY s.rule_id), '[]')
        FROM streak_progress s
        JOIN gamification_rules r ON r.id = s.rule_id
        WHERE s.user_id = $1 AND r.streak_period IS NOT NULL) END AS streaks,
      CASE WHEN $8 THEN (
        SELECT json_build_object('total', t.total,
          'level', (SELECT json_build_object('id', id, 'name', name, 'min_points', min_points, 'badge_id', badge_id,
                                             'title_id', title_id)
                    FROM levels WHERE NOT deleted AND min_points <= t.total ORDER BY min_points DESC LIMIT 1),
          'next', (SELECT json_build_object('id', id, 'name', name, 'min_points', min_points, 'badge_id', badge_id,
                                            'title_id', title_id)
                   FROM levels WHERE NOT deleted AND min_points > t.total ORDER BY min_points LIMIT 1))
        FROM (SELECT COALESCE((SELECT total_points FROM user_totals WHERE user_id = $1), 0) AS total) t) END AS standing
    """;

  private final SqlClient client;

  ProfileRepository(SqlClient client) {
    this.client = client;
  }

  /** The arguments of {@link #SNAPSHOT} for these parts of the profile of {@code userId}. */
  static Tuple arguments(String userId, Set<ProfilePart> parts) {
    Tuple tuple = Tuple.tuple().addString(userId);
    for (ProfilePart part : ProfilePart.values()) {
      tuple.addBoolean(parts.contains(part));
    }
    return tuple;
  }

  /** The parts asked for of the user's profile, read together. */
  Future<ProfileSnapshot> snapshot(String userId, Set<ProfilePart> parts) {
    return client.preparedQuery(SNAPSHOT).execute(arguments(userId, parts))
      .map(rows -> snapshot(userId, rows.iterator().next()));
  }

  private static ProfileSnapshot snapshot(String userId, Row row) {
    JsonArray badges = (JsonArray) row.getJson("badges");
    JsonArray titles = (JsonArray) row.getJson("titles");
    JsonObject equipped = (JsonObject) row.getJson("equipped_title");
    JsonArray milestones = (JsonArray) row.getJson("milestones");
    JsonArray streaks = (JsonArray) row.getJson("streaks");
    JsonObject standing = (JsonObject) row.getJson("standing");
    return new ProfileSnapshot(
      row.getLong("total_points"),
      list(badges, b -> new HeldBadge(new UserBadge(userId, b.getLong("badge_id"), instant(b, "awarded_at"),
        b.getLong("rule_id"), b.getString("event_id"), uuid(b.getString("reward_id"))),
        b.getString("name") == null ? null
          : new Badge(b.getLong("badge_id"), b.getString("name"), b.getString("description"), b.getString("icon_url")))),
      list(titles, t -> new HeldTitle(new UserTitle(t.getLong("title_id"), t.getBoolean("is_equipped"),
        instant(t, "awarded_at"), t.getLong("rule_id"), t.getString("event_id")),
        t.getString("name") == null ? null : new Title(t.getLong("title_id"), t.getString("name"), t.getString("description")))),
      equipped == null ? null : new Title(equipped.getLong("id"), equipped.getString("name"), equipped.getString("description")),
      list(milestones, m -> new MilestoneProgress(m.getLong("rule_id"), m.getInteger("count"), m.getInteger("threshold"),
        instant(m, "completed_at"))),
      list(streaks, s -> new StreakProgress(s.getLong("rule_id"), s.getInteger("current"), s.getInteger("longest"),
        instant(s, "last_period_start"))),
      standing == null ? null : new ProfileSnapshot.Standing(standing.getLong("total"),
        level(standing.getJsonObject("level")), level(standing.getJsonObject("next"))));
  }

  /** A badge held, with the catalog's badge as of the same snapshot (null if it is gone from the catalog). */
  record HeldBadge(UserBadge award, Badge badge) {
  }

  /** A title held, with the catalog's title as of the same snapshot (null if it is gone from the catalog). */
  record HeldTitle(UserTitle award, Title title) {
  }

  private static ProfileSnapshot.LevelRow level(JsonObject level) {
    return level == null ? null : new ProfileSnapshot.LevelRow(level.getLong("id"), level.getString("name"),
      level.getLong("min_points"), level.getLong("badge_id"), level.getLong("title_id"));
  }

  /** A timestamptz as JSON (ISO-8601 with the session's offset), in UTC as the client reads a column; null stays null. */
  private static OffsetDateTime instant(JsonObject object, String key) {
    String text = object.getString(key);
    return text == null ? null : OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static UUID uuid(String text) {
    return text == null ? null : UUID.fromString(text);
  }

  private static <T> List<T> list(JsonArray array, Function<JsonObject, T> mapper) {
    if (array == null) {
      return null;
    }
    List<T> list = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      list.add(mapper.apply(array.getJsonObject(i)));
    }
    return List.copyOf(list);
  }
}
