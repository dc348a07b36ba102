package com.gigsy.gamification.api.profile;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Which title a user shows ({@code user_titles.is_equipped}; at most one per user, enforced by a
 * unique index). Equipping is one transaction that first locks all the user's titles (always in the
 * same order, so concurrent equips cannot deadlock), so two equips of the same user run one after the
 * other instead of meeting on the unique index.
 */
final class TitleEquipmentRepository {

  private static final String LOCK_USER_TITLES = """
    SELECT title_id
    FROM user_titles
    WHERE user_id = $1
    ORDER BY title_id
    FOR UPDATE
    """;

  private static final String UNEQUIP_OTHERS = """
    UPDATE user_titles
    SET is_equipped = false
    WHERE user_id = $1 AND is_equipped AND title_id <> $2
    """;

  private static final String EQUIP = """
    UPDATE user_titles
    SET is_equipped = true
    WHERE user_id = $1 AND title_id = $2
    """;

  private static final String UNEQUIP_ALL = """
    UPDATE user_titles
    SET is_equipped = false
    WHERE user_id = $1 AND is_equipped
    """;

  private final Pool pool;

  TitleEquipmentRepository(Pool pool) {
    this.pool = pool;
  }

  /** Equips the title and unequips the others; false (and nothing changed) when the user does not hold it. */
  Future<Boolean> equip(String userId, long titleId) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK_USER_TITLES).execute(Tuple.of(userId)).compose(held -> {
      boolean holds = false;
      for (Row row : held) {
        holds |= row.getLong("title_id") == titleId;
      }
      if (!holds) {
        return Future.succeededFuture(false);
      }
      return conn.preparedQuery(UNEQUIP_OTHERS).execute(Tuple.of(userId, titleId))
        .compose(v -> conn.preparedQuery(EQUIP).execute(Tuple.of(userId, titleId)))
        .map(true);
    }));
  }

  /** The user shows no title. */
  Future<Void> unequipAll(String userId) {
    return pool.preparedQuery(UNEQUIP_ALL).execute(Tuple.of(userId)).mapEmpty();
  }
}
