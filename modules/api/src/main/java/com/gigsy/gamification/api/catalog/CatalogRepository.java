package com.gigsy.gamification.api.catalog;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/** Reads the reward catalog: {@code badges}, {@code titles} and {@code gamification_rules}. */
final class CatalogRepository {

  private static final String ALL_BADGES = """
    SELECT id, name, description, icon_url
    FROM badges
    ORDER BY id
    """;

  private static final String BADGES_BY_ID = """
    SELECT id, name, description, icon_url
    FROM badges
    WHERE id = ANY($1)
    """;

  private static final String ALL_TITLES = """
    SELECT id, name, description
    FROM titles
    ORDER BY id
    """;

  private static final String TITLES_BY_ID = """
    SELECT id, name, description
    FROM titles
    WHERE id = ANY($1)
    """;

  /** What {@link #rule(Row)} reads: every column a {@code GamificationRule} shows. */
  static final String RULE_COLUMNS = """
    id, event_name, description, active, points_awarded, badge_id, title_id, conditions, points_from_attribute,
    points_multiplier, valid_from, valid_until, cap_count, cap_period, threshold, streak_length, streak_period, reverses,
    built_in""";

  private static final String ALL_RULES = """
    SELECT %s
    FROM gamification_rules
    ORDER BY id
    """.formatted(RULE_COLUMNS);

  private static final String RULES_BY_ID = """
    SELECT %s
    FROM gamification_rules
    WHERE id = ANY($1)
    """.formatted(RULE_COLUMNS);

  private static final String RULES_FOR_EVENT = """
    SELECT %s
    FROM gamification_rules
    WHERE event_name = $1
    ORDER BY id
    """.formatted(RULE_COLUMNS);

  private final SqlClient client;

  CatalogRepository(SqlClient client) {
    this.client = client;
  }

  Future<List<Badge>> badges() {
    return list(ALL_BADGES, Tuple.tuple(), CatalogRepository::badge);
  }

  /** The badges with these ids; ids that do not exist are absent from the answer. */
  Future<List<Badge>> badgesById(Collection<Long> ids) {
    return list(BADGES_BY_ID, Tuple.tuple().addArrayOfLong(ids.toArray(Long[]::new)), CatalogRepository::badge);
  }

  Future<List<Title>> titles() {
    return list(ALL_TITLES, Tuple.tuple(), CatalogRepository::title);
  }

  /** The titles with these ids; ids that do not exist are absent from the answer. */
  Future<List<Title>> titlesById(Collection<Long> ids) {
    return list(TITLES_BY_ID, Tuple.tuple().addArrayOfLong(ids.toArray(Long[]::new)), CatalogRepository::title);
  }

  /** Every rule, active or not. */
  Future<List<Rule>> rules() {
    return list(ALL_RULES, Tuple.tuple(), CatalogRepository::rule);
  }

  /** The rules with these ids; ids that do not exist are absent from the answer. */
  Future<List<Rule>> rulesById(Collection<Long> ids) {
    return list(RULES_BY_ID, Tuple.tuple().addArrayOfLong(ids.toArray(Long[]::new)), CatalogRepository::rule);
  }

  /** Every rule, active or not, that matches the event name. */
  Future<List<Rule>> rulesFor(String eventName) {
    return list(RULES_FOR_EVENT, Tuple.of(eventName), CatalogRepository::rule);
  }

  private <T> Future<List<T>> list(String sql, Tuple parameters, Function<Row, T> mapper) {
    Collector<Row, ?, List<T>> collector = Collectors.mapping(mapper, Collectors.toList());
    return client.preparedQuery(sql).collecting(collector).execute(parameters).map(SqlResult::value);
  }

  static Badge badge(Row row) {
    return new Badge(row.getLong("id"), row.getString("name"), row.getString("description"), row.getString("icon_url"));
  }

  static Title title(Row row) {
    return new Title(row.getLong("id"), row.getString("name"), row.getString("description"));
  }

  static Rule rule(Row row) {
    BigDecimal multiplier = row.getBigDecimal("points_multiplier");
    Integer capCount = row.getInteger("cap_count");
    Integer streakLength = row.getInteger("streak_length");
    return new Rule(row.getLong("id"), row.getString("event_name"), row.getString("description"),
      row.getBoolean("active"), row.getInteger("points_awarded"), row.getLong("badge_id"), row.getLong("title_id"),
      Conditions.read(row.getJsonArray("conditions")), row.getString("points_from_attribute"),
      multiplier == null ? null : multiplier.doubleValue(), row.getOffsetDateTime("valid_from"),
      row.getOffsetDateTime("valid_until"), capCount == null ? null : new Cap(capCount, row.getString("cap_period")),
      row.getInteger("threshold"),
      streakLength == null ? null : new Streak(streakLength, row.getString("streak_period")), row.getLong("reverses"),
      row.getString("built_in") != null);
  }
}
