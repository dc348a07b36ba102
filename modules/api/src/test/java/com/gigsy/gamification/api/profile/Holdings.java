package com.gigsy.gamification.api.profile;

import com.gigsy.gamification.testing.Await;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Test data: awards held by a user, written straight into the database. */
public final class Holdings {

  private Holdings() {
  }

  /**
   * Gives {@code user} {@code badges} new badges and {@code titles} new titles (the last one equipped), each awarded by
   * {@code rule}; the badges and titles are named after the user ("{@code <user> badge <n>}", "{@code <user> title <n>}").
   */
  public static void badgesAndTitles(Pool db, String user, int badges, int titles, long rule) {
    Await.result(db.preparedQuery("""
      WITH b AS (
        INSERT INTO badges (name, description, icon_url)
        SELECT $1 || ' badge ' || g, 'held', 'https://cdn.gigsy.test/b.png' FROM generate_series(1, $2) g
        RETURNING id)
      INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by)
      SELECT $1, id, $3, 'event-' || id, 'test' FROM b""").execute(Tuple.of(user, badges, rule)));
    Await.result(db.preparedQuery("""
      WITH t AS (
        INSERT INTO titles (name, description)
        SELECT $1 || ' title ' || g, 'held' FROM generate_series(1, $2) g
        RETURNING id)
      INSERT INTO user_titles (user_id, title_id, rule_id, event_id, is_equipped, created_by)
      SELECT $1, id, $3, 'event-' || id, id = (SELECT max(id) FROM t), 'test' FROM t""")
      .execute(Tuple.of(user, titles, rule)));
  }
}
