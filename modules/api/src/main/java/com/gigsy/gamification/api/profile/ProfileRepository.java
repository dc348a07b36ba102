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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads what one user holds in ONE statement, so every field of a profile comes from the same snapshot: the total
 * ({@code user_totals}, the log's projection), {@code user_badges} and {@code user_titles} (with the catalog rows they point at), the equipped
 * title, where the user stands on milestone and streak rules ({@code rule_progress}, {@code streak_progress}), and the
 * level standing ({@code user_totals} against {@code levels}). Not the rank: it comes from the latest leaderboard
 * computation, a snapshot of its own, and is read apart (the leaderboard's connections, with generic plans).
 * <p>
 * The statement holds the subqueries of the parts asked for and nothing else ({@link #statement}): one statement per
 * combination of parts, each prepared once per connection. It used to be one statement for every combination, each
 * part behind a {@code CASE} on a flag; PostgreSQL then set up and tore down the plan of every part at each execution,
 * read or not: with the benchmark's three parts (total, badges, titles), pgbench ran the one statement at 13,700 and
 * 16,100 executions/s, and the three parts alone at 24,000 and 22,600 (4 clients, generic plans, 30k users).
 */
final class ProfileRepository {

  /**
   * The columns of the snapshot, one per part, in {@link ProfilePart}'s order ($1: the user). A part not asked for is a
   * null of its type.
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
  private static final Map<ProfilePart, Column> COLUMNS = Map.of(
    ProfilePart.TOTAL_POINTS, new Column("total_points", "bigint", """
      COALESCE((SELECT total_points FROM user_totals WHERE user_id = $1), 0)"""),
    ProfilePart.BADGES, new Column("badges", "json", """
      (SELECT COALESCE(json_agg(json_build_object('badge_id', ub.badge_id, 'awarded_at', ub.awarded_at,
                'rule_id', ub.rule_id, 'event_id', ub.event_id, 'reward_id', ub.reward_id, 'name', b.name,
                'description', b.description, 'icon_url', b.icon_url) ORDER BY ub.awarded_at, ub.badge_id), '[]')
       FROM user_badges ub
       LEFT JOIN badges b ON b.id = ub.badge_id
       WHERE ub.user_id = $1)"""),
    ProfilePart.TITLES, new Column("titles", "json", """
      (SELECT COALESCE(json_agg(json_build_object('title_id', ut.title_id, 'is_equipped', ut.is_equipped,
                'awarded_at', ut.awarded_at, 'rule_id', ut.rule_id, 'event_id', ut.event_id, 'name', t.name,
                'description', t.description) ORDER BY ut.awarded_at, ut.title_id), '[]')
       FROM user_titles ut
       LEFT JOIN titles t ON t.id = ut.title_id
       WHERE ut.user_id = $1)"""),
    ProfilePart.EQUIPPED_TITLE, new Column("equipped_title", "json", """
      (SELECT json_build_object('id', t.id, 'name', t.name, 'description', t.description)
       FROM user_titles ut
       JOIN titles t ON t.id = ut.title_id
       WHERE ut.user_id = $1 AND ut.is_equipped)"""),
    ProfilePart.MILESTONES, new Column("milestones", "json", """
      (SELECT COALESCE(json_agg(json_build_object('rule_id', p.rule_id, 'count', p.count, 'threshold', r.threshold,
                'completed_at', p.completed_at) ORDER BY p.rule_id), '[]')
       FROM rule_progress p
       JOIN gamification_rules r ON r.id = p.rule_id
       WHERE p.user_id = $1 AND r.threshold IS NOT NULL)"""),
    ProfilePart.STREAKS, new Column("streaks", "json", """
      (SELECT COALESCE(json_agg(json_build_object('rule_id', s.rule_id, 'longest', s.longest,
                'last_period_start', s.last_period::timestamp AT TIME ZONE 'UTC',
                'current', CASE WHEN s.last_period IN (gamification_period_start(r.streak_period, now()),
                                       gamification_period_start(r.streak_period, now() - CASE r.streak_period
                                         WHEN 'WEEK' THEN interval '1 week' ELSE interval '1 day' END))
                             THEN s.last_run ELSE 0 END) ORDER BY s.rule_id), '[]')
       FROM streak_progress s
       JOIN gamification_rules r ON r.id = s.rule_id
       WHERE s.user_id = $1 AND r.streak_period IS NOT NULL)"""),
    ProfilePart.STANDING, new Column("standing", "json", """
      (SELECT json_build_object('total', t.total,
         'level', (SELECT json_build_object('id', id, 'name', name, 'min_points', min_points, 'badge_id', badge_id,
                                            'title_id', title_id)
                   FROM levels WHERE NOT deleted AND min_points <= t.total ORDER BY min_points DESC LIMIT 1),
         'next', (SELECT json_build_object('id', id, 'name', name, 'min_points', min_points, 'badge_id', badge_id,
                                           'title_id', title_id)
                  FROM levels WHERE NOT deleted AND min_points > t.total ORDER BY min_points LIMIT 1))
       FROM (SELECT COALESCE((SELECT total_points FROM user_totals WHERE user_id = $1), 0) AS total) t)"""));

  /**
   * The statement of each combination of parts, indexed by its bits ({@link #bits}): all 128 built once, when the class
   * loads, so a request only indexes an array.
   */
  private static final String[] STATEMENTS = statements(false);

  /**
   * The same statements for several users at once ({@link #snapshots}): $1 is an array of users, one row each, every
   * row read as the one-user statement reads it (its subqueries correlated on the row's user instead of $1).
   */
  private static final String[] BATCH_STATEMENTS = statements(true);

  private final SqlClient client;

  ProfileRepository(SqlClient client) {
    this.client = client;
  }

  /** A column of the snapshot: its name, its type when the part is not read, and what reads it. */
  private record Column(String name, String nullType, String expression) {
  }

  /** The statement that reads these parts of a profile; its one parameter is the user. One row. */
  static String statement(Set<ProfilePart> parts) {
    return STATEMENTS[bits(parts)];
  }

  /** A combination of parts as bits, a part's bit being its ordinal. */
  private static int bits(Set<ProfilePart> parts) {
    int bits = 0;
    for (ProfilePart part : parts) {
      bits |= 1 << part.ordinal();
    }
    return bits;
  }

  /** The batch form of {@link #statement}: its one parameter is an array of users, without duplicates; a row each. */
  static String batchStatement(Set<ProfilePart> parts) {
    return BATCH_STATEMENTS[bits(parts)];
  }

  private static String[] statements(boolean batch) {
    ProfilePart[] parts = ProfilePart.values();
    String[] statements = new String[1 << parts.length];
    for (int bits = 0; bits < statements.length; bits++) {
      // $1 is always named, so the statement takes its one parameter even when no part is read
      StringBuilder sql = new StringBuilder(batch ? "SELECT u.user_id" : "SELECT $1::text AS user_id");
      for (ProfilePart part : parts) {
        Column column = COLUMNS.get(part);
        boolean wanted = (bits & 1 << part.ordinal()) != 0;
        String expression = column.expression().strip();
        sql.append(",\n  ").append(wanted ? batch ? expression.replace("$1", "u.user_id") : expression
            : "NULL::" + column.nullType())
          .append(" AS ").append(column.name());
      }
      if (batch) {
        sql.append("\nFROM unnest($1::text[]) AS u(user_id)");
      }
      statements[bits] = sql.toString();
    }
    return statements;
  }

  /** The parts asked for of the user's profile, read together. */
  Future<ProfileSnapshot> snapshot(String userId, Set<ProfilePart> parts) {
    return client.preparedQuery(statement(parts)).execute(Tuple.of(userId))
      .map(rows -> snapshot(userId, rows.iterator().next()));
  }

  /**
   * The parts asked for of several users' profiles, in one statement: each user's snapshot as {@link #snapshot} reads it
   * (so all of them from the same moment). {@code userIds} without duplicates.
   */
  Future<Map<String, ProfileSnapshot>> snapshots(Collection<String> userIds, Set<ProfilePart> parts) {
    return client.preparedQuery(batchStatement(parts)).execute(Tuple.of(userIds.toArray(String[]::new)))
      .map(rows -> {
        Map<String, ProfileSnapshot> snapshots = new HashMap<>(rows.size() * 2);
        for (Row row : rows) {
          String userId = row.getString("user_id");
          snapshots.put(userId, snapshot(userId, row));
        }
        return snapshots;
      });
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
