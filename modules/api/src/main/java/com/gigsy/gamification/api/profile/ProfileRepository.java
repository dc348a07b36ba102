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

/** Reads what one user holds: {@code points_log}, {@code user_badges} and {@code user_titles}. */
final class ProfileRepository {

  /** The log is the truth of a total (the {@code user_totals} projection is for rankings). */
  private static final String TOTAL_POINTS = """
    SELECT COALESCE(SUM(points), 0)::bigint AS total
    FROM points_log
    WHERE user_id = $1
    """;

  private static final String BADGES = """
    SELECT badge_id, awarded_at
    FROM user_badges
    WHERE user_id = $1
    ORDER BY awarded_at, badge_id
    """;

  private static final String TITLES = """
    SELECT title_id, is_equipped, awarded_at
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
    return list(BADGES, userId, row -> new UserBadge(row.getLong("badge_id"), row.getOffsetDateTime("awarded_at")));
  }

  /** The user's titles, in the order they were awarded. */
  Future<List<UserTitle>> titles(String userId) {
    return list(TITLES, userId, row ->
      new UserTitle(row.getLong("title_id"), row.getBoolean("is_equipped"), row.getOffsetDateTime("awarded_at")));
  }

  /** The title the user shows, or null (at most one is equipped, enforced by a unique index). */
  Future<Title> equippedTitle(String userId) {
    return list(EQUIPPED_TITLE, userId, ProfileRepository::title)
      .map(titles -> titles.isEmpty() ? null : titles.get(0));
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
