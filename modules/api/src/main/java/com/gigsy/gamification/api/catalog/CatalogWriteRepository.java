package com.gigsy.gamification.api.catalog;

import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.api.graphql.Ids;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.function.Function;

/**
 * Writes the reward catalog: {@code badges}, {@code titles} and {@code gamification_rules} (admin
 * mutations). One statement each; "not found" is an empty result, never an error of this class. The
 * engine reads rules inside its own transactions, so a change applies to the next events it processes.
 */
final class CatalogWriteRepository {

  private static final String INSERT_BADGE = """
    INSERT INTO badges (name, description, icon_url)
    VALUES ($1, $2, $3)
    RETURNING id, name, description, icon_url
    """;

  private static final String UPDATE_BADGE = """
    UPDATE badges
    SET name = $2, description = $3, icon_url = $4, updated_at = now()
    WHERE id = $1
    RETURNING id, name, description, icon_url
    """;

  private static final String INSERT_TITLE = """
    INSERT INTO titles (name, description)
    VALUES ($1, $2)
    RETURNING id, name, description
    """;

  private static final String UPDATE_TITLE = """
    UPDATE titles
    SET name = $2, description = $3, updated_at = now()
    WHERE id = $1
    RETURNING id, name, description
    """;

  private static final String INSERT_RULE = """
    INSERT INTO gamification_rules (event_name, description, points_awarded, badge_id, title_id, active)
    VALUES ($1, $2, $3, $4, $5, $6)
    RETURNING id, event_name, description, active, points_awarded, badge_id, title_id
    """;

  /** The event name is part of the match: a rule never changes the events it applies to. */
  private static final String UPDATE_RULE = """
    UPDATE gamification_rules
    SET description = $3, points_awarded = $4, badge_id = $5, title_id = $6, active = $7, updated_at = now()
    WHERE id = $1 AND event_name = $2
    RETURNING id, event_name, description, active, points_awarded, badge_id, title_id
    """;

  private static final String RULE_EVENT_NAME = """
    SELECT event_name
    FROM gamification_rules
    WHERE id = $1
    """;

  private static final String DEACTIVATE_RULE = """
    UPDATE gamification_rules
    SET active = false, updated_at = now()
    WHERE id = $1
    """;

  /** SQLSTATE foreign_key_violation: a rule names a badge or title that does not exist. */
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final SqlClient client;

  CatalogWriteRepository(SqlClient client) {
    this.client = client;
  }

  Future<Badge> createBadge(Inputs.BadgeInput badge) {
    return one(INSERT_BADGE, Tuple.of(badge.name(), badge.description(), badge.iconUrl()), CatalogRepository::badge);
  }

  /** The updated badge, or null when there is none with this id. */
  Future<Badge> updateBadge(long id, Inputs.BadgeInput badge) {
    return one(UPDATE_BADGE, Tuple.of(id, badge.name(), badge.description(), badge.iconUrl()), CatalogRepository::badge);
  }

  Future<Title> createTitle(Inputs.TitleInput title) {
    return one(INSERT_TITLE, Tuple.of(title.name(), title.description()), CatalogRepository::title);
  }

  /** The updated title, or null when there is none with this id. */
  Future<Title> updateTitle(long id, Inputs.TitleInput title) {
    return one(UPDATE_TITLE, Tuple.of(id, title.name(), title.description()), CatalogRepository::title);
  }

  /** Fails with {@code NOT_FOUND} when the badge or title does not exist. */
  Future<Rule> createRule(Inputs.RuleInput rule) {
    Tuple params = Tuple.of(rule.eventName(), rule.description(), rule.pointsAwarded(), rule.badgeId(), rule.titleId(),
      rule.active());
    return one(INSERT_RULE, params, CatalogRepository::rule).recover(CatalogWriteRepository::unknownReward);
  }

  /**
   * The updated rule; null when there is none with this id. Fails with {@code BAD_USER_INPUT} when the
   * input's event name is not the rule's, and with {@code NOT_FOUND} when the badge or title does not exist.
   */
  Future<Rule> updateRule(long id, Inputs.RuleInput rule) {
    Tuple params = Tuple.of(id, rule.eventName(), rule.description(), rule.pointsAwarded(), rule.badgeId(), rule.titleId())
      .addBoolean(rule.active());
    return one(UPDATE_RULE, params, CatalogRepository::rule)
      .recover(CatalogWriteRepository::unknownReward)
      .compose(updated -> updated != null ? Future.succeededFuture(updated) : whyNotUpdated(id, rule.eventName()));
  }

  /** Whether a rule with this id exists (it is inactive afterwards, whatever it was before). */
  Future<Boolean> deactivateRule(long id) {
    return client.preparedQuery(DEACTIVATE_RULE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  private Future<Rule> whyNotUpdated(long id, String eventName) {
    return client.preparedQuery(RULE_EVENT_NAME).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(null);
      }
      String current = rows.iterator().next().getString("event_name");
      return Future.failedFuture(ApiException.badUserInput("input.eventName", "cannot change from '" + current + "' to '"
        + eventName + "': a rule's event name is fixed; create a new rule (and delete this one) instead"));
    });
  }

  private static <T> Future<T> unknownReward(Throwable failure) {
    if (failure instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState()) && pg.getConstraint() != null) {
      if (pg.getConstraint().contains("badge")) {
        return Future.failedFuture(Ids.notFound("input.badgeId", "Badge", idIn(pg.getDetail())));
      }
      if (pg.getConstraint().contains("title")) {
        return Future.failedFuture(Ids.notFound("input.titleId", "Title", idIn(pg.getDetail())));
      }
    }
    return Future.failedFuture(failure);
  }

  /** The key value of a foreign-key violation's detail, {@code Key (badge_id)=(42) is not present…}. */
  private static String idIn(String detail) {
    if (detail == null) {
      return "?";
    }
    int open = detail.indexOf(")=(");
    int close = open < 0 ? -1 : detail.indexOf(')', open + 3);
    return close < 0 ? "?" : detail.substring(open + 3, close);
  }

  private <T> Future<T> one(String sql, Tuple params, Function<Row, T> mapper) {
    return client.preparedQuery(sql).execute(params).map((RowSet<Row> rows) ->
      rows.size() == 0 ? null : mapper.apply(rows.iterator().next()));
  }
}
