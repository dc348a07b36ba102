package com.gigsy.gamification.api.catalog;

import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.api.graphql.Ids;
import com.gigsy.gamification.core.UserLocks;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Objects;
import java.util.function.Function;

/**
 * Writes the reward catalog: {@code badges}, {@code titles} and {@code gamification_rules} (admin mutations), within
 * the caller's transaction (the mutation's, which also appends its audit entry). One statement each; "not found" is
 * an empty result, never an error of this class. The engine reads rules inside its own transactions, so a change
 * applies to the next events it processes. A rule is created under the rules lock, taken exclusively: no batch is in
 * flight then, and the rule records the inbox's watermark — the events a backfill of it replays (V10). Built-in
 * rules are never changed.
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

  /** Parameters: {@link #ruleParameters}, first what a rule never changes, then what it may. */
  private static final String INSERT_RULE = """
    INSERT INTO gamification_rules (event_name, threshold, streak_length, streak_period, description, points_awarded,
                                    badge_id, title_id, active, conditions, points_from_attribute, points_multiplier,
                                    valid_from, valid_until, cap_count, cap_period, reverses, backfill_seq)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, gamification_events_watermark())
    RETURNING %s
    """.formatted(CatalogRepository.RULE_COLUMNS);

  /**
   * The event name, threshold and streak are part of what a rule counts: a rule never changes them (the counts and
   * marks it has kept would mean something else). $18 is the rule's id; a built-in rule is never updated.
   */
  private static final String UPDATE_RULE = """
    UPDATE gamification_rules
    SET description = $5, points_awarded = $6, badge_id = $7, title_id = $8, active = $9, conditions = $10,
        points_from_attribute = $11, points_multiplier = $12, valid_from = $13, valid_until = $14, cap_count = $15,
        cap_period = $16, reverses = $17, updated_at = now()
    WHERE id = $18 AND built_in IS NULL AND event_name = $1 AND threshold IS NOT DISTINCT FROM $2
      AND streak_length IS NOT DISTINCT FROM $3 AND streak_period IS NOT DISTINCT FROM $4
    RETURNING %s
    """.formatted(CatalogRepository.RULE_COLUMNS);

  private static final String RULE_FIXED_FIELDS = """
    SELECT event_name, threshold, streak_length, streak_period, built_in
    FROM gamification_rules
    WHERE id = $1
    """;

  private static final String DEACTIVATE_RULE = """
    UPDATE gamification_rules
    SET active = false, updated_at = now()
    WHERE id = $1 AND built_in IS NULL
    """;

  /** SQLSTATE foreign_key_violation: a rule names a badge or title that does not exist. */
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  Future<Badge> createBadge(SqlClient client, Inputs.BadgeInput badge) {
    return one(client, INSERT_BADGE, Tuple.of(badge.name(), badge.description(), badge.iconUrl()), CatalogRepository::badge);
  }

  /** The updated badge, or null when there is none with this id. */
  Future<Badge> updateBadge(SqlClient client, long id, Inputs.BadgeInput badge) {
    return one(client, UPDATE_BADGE, Tuple.of(id, badge.name(), badge.description(), badge.iconUrl()),
      CatalogRepository::badge);
  }

  Future<Title> createTitle(SqlClient client, Inputs.TitleInput title) {
    return one(client, INSERT_TITLE, Tuple.of(title.name(), title.description()), CatalogRepository::title);
  }

  /** The updated title, or null when there is none with this id. */
  Future<Title> updateTitle(SqlClient client, long id, Inputs.TitleInput title) {
    return one(client, UPDATE_TITLE, Tuple.of(id, title.name(), title.description()), CatalogRepository::title);
  }

  /** Fails with {@code NOT_FOUND} when the badge, title or reversed rule does not exist. */
  Future<Rule> createRule(SqlClient client, Inputs.RuleInput rule) {
    return client.query(UserLocks.RULES).execute()
      .compose(locked -> one(client, INSERT_RULE, ruleParameters(rule), CatalogRepository::rule))
      .recover(CatalogWriteRepository::unknownReward);
  }

  /**
   * The updated rule; null when there is none with this id. Fails with {@code BAD_USER_INPUT} when the input's event
   * name, threshold or streak is not the rule's, and with {@code NOT_FOUND} when the badge or title does not exist.
   */
  Future<Rule> updateRule(SqlClient client, long id, Inputs.RuleInput rule) {
    return one(client, UPDATE_RULE, ruleParameters(rule).addLong(id), CatalogRepository::rule)
      .recover(CatalogWriteRepository::unknownReward)
      .compose(updated -> updated != null ? Future.succeededFuture(updated) : whyNotUpdated(client, id, rule));
  }

  /** $1 to $16 of {@link #INSERT_RULE} and {@link #UPDATE_RULE}. */
  private static Tuple ruleParameters(Inputs.RuleInput rule) {
    Cap cap = rule.cap();
    Streak streak = rule.streak();
    return Tuple.tuple()
      .addString(rule.eventName())
      .addInteger(rule.threshold())
      .addInteger(streak == null ? null : streak.length())
      .addString(streak == null ? null : streak.period())
      .addString(rule.description())
      .addInteger(rule.pointsAwarded())
      .addLong(rule.badgeId())
      .addLong(rule.titleId())
      .addBoolean(rule.active())
      .addJsonArray(Conditions.stored(rule.conditions()))
      .addString(rule.pointsFromAttribute())
      .addBigDecimal(rule.pointsMultiplier())
      .addOffsetDateTime(rule.validFrom())
      .addOffsetDateTime(rule.validUntil())
      .addInteger(cap == null ? null : cap.count())
      .addString(cap == null ? null : cap.period())
      .addLong(rule.reverses());
  }

  /** Whether a rule with this id exists (it is inactive afterwards, whatever it was before); a built-in one is refused. */
  Future<Boolean> deactivateRule(SqlClient client, long id) {
    return client.preparedQuery(DEACTIVATE_RULE).execute(Tuple.of(id)).compose(rows -> rows.rowCount() > 0
      ? Future.succeededFuture(true)
      : client.preparedQuery(RULE_FIXED_FIELDS).execute(Tuple.of(id)).map(found -> {
        if (found.size() > 0) {
          throw builtIn(id);
        }
        return false;
      }));
  }

  private static ApiException builtIn(long id) {
    return ApiException.badUserInput("id", "rule " + id + " is built in: it names what no rule of the catalog granted, "
      + "and never changes");
  }

  /** Null when there is no rule with this id, else which of its fixed fields the input would change. */
  private Future<Rule> whyNotUpdated(SqlClient client, long id, Inputs.RuleInput rule) {
    return client.preparedQuery(RULE_FIXED_FIELDS).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(null);
      }
      Row stored = rows.iterator().next();
      if (stored.getString("built_in") != null) {
        return Future.failedFuture(builtIn(id));
      }
      String eventName = stored.getString("event_name");
      if (!eventName.equals(rule.eventName())) {
        return Future.failedFuture(fixed("input.eventName", "event name", "'" + eventName + "'", "'" + rule.eventName() + "'"));
      }
      Integer threshold = stored.getInteger("threshold");
      if (!Objects.equals(threshold, rule.threshold())) {
        return Future.failedFuture(fixed("input.threshold", "threshold", shown(threshold), shown(rule.threshold())));
      }
      Integer length = stored.getInteger("streak_length");
      Streak streak = length == null ? null : new Streak(length, stored.getString("streak_period"));
      if (!Objects.equals(streak, rule.streak())) {
        return Future.failedFuture(fixed("input.streak", "streak", shown(streak), shown(rule.streak())));
      }
      return Future.failedFuture(new IllegalStateException("rule " + id + " was not updated, yet its event name, "
        + "threshold and streak are those of the input"));
    });
  }

  private static ApiException fixed(String field, String what, String stored, String given) {
    return ApiException.badUserInput(field, "cannot change from " + stored + " to " + given + ": a rule's " + what
      + " is fixed; create a new rule (and delete this one) instead");
  }

  private static String shown(Object value) {
    if (value instanceof Streak streak) {
      return streak.length() + " × " + streak.period();
    }
    return value == null ? "none" : value.toString();
  }

  private static <T> Future<T> unknownReward(Throwable failure) {
    if (failure instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState()) && pg.getConstraint() != null) {
      if (pg.getConstraint().contains("badge")) {
        return Future.failedFuture(Ids.notFound("input.badgeId", "Badge", idIn(pg.getDetail())));
      }
      if (pg.getConstraint().contains("title")) {
        return Future.failedFuture(Ids.notFound("input.titleId", "Title", idIn(pg.getDetail())));
      }
      if (pg.getConstraint().contains("reverses")) {
        return Future.failedFuture(Ids.notFound("input.reverses", "Rule", idIn(pg.getDetail())));
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

  private static <T> Future<T> one(SqlClient client, String sql, Tuple params, Function<Row, T> mapper) {
    return client.preparedQuery(sql).execute(params).map((RowSet<Row> rows) ->
      rows.size() == 0 ? null : mapper.apply(rows.iterator().next()));
  }
}
