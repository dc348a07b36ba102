package com.gigsy.gamification.api.profile;

import com.gigsy.gamification.core.UserLocks;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Revokes a badge or a title (CONTRACT §8): in the caller's transaction, under the user's lock (the engine's key
 * space), the award leaves {@code user_badges} / {@code user_titles} (an equipped title with it) for
 * {@code badge_revocations} / {@code title_revocations}, which keep the award and its revocation for the history, and
 * the revocation is published (BADGE_REVOKED / TITLE_REVOKED, named by the built-in REVOCATION rule). A later
 * qualifying event may grant the award again.
 */
final class RevocationRepository {

  /** What can be revoked: its tables and column, the mutation's argument, the reward type. */
  enum Award {
    BADGE("user_badges", "badge_revocations", "badge_id", "badgeId", "Badge", "BADGE_REVOKED"),
    TITLE("user_titles", "title_revocations", "title_id", "titleId", "Title", "TITLE_REVOKED");

    private final String sql;
    private final String argument;
    private final String kind;

    Award(String held, String revoked, String column, String argument, String kind, String type) {
      this.argument = argument;
      this.kind = kind;
      // identifiers from these constants only; every value is a parameter: $1 user, $2 award id, $3 admin, $4 reason
      this.sql = """
        WITH removed AS (
          DELETE FROM %1$s WHERE user_id = $1 AND %3$s = $2
          RETURNING user_id, %3$s, rule_id, event_id, level_id, awarded_at, reward_id, seq
        ),
        revoked AS (
          INSERT INTO %2$s (user_id, %3$s, rule_id, event_id, level_id, awarded_at, reward_id, seq, revoked_by, reason)
          SELECT user_id, %3$s, rule_id, event_id, level_id, awarded_at, reward_id, seq, $3, $4 FROM removed
          RETURNING %3$s, revoked_at, revoked_reward_id, revoked_seq
        )
        SELECT gamification_publish(revoked_reward_id, '%4$s', $1, gamification_built_in_rule('REVOCATION'),
                                    'revocation-' || revoked_seq, NULL, NULL, %5$s, %6$s, NULL, NULL, revoked_at)
        FROM revoked""".formatted(held, revoked, column, type,
        column.equals("badge_id") ? "badge_id" : "NULL", column.equals("title_id") ? "title_id" : "NULL");
    }

    String argument() {
      return argument;
    }

    String kind() {
      return kind;
    }
  }

  /** Whether the user held the award (it is revoked and published then). */
  Future<Boolean> revoke(SqlConnection conn, Award award, String userId, long id, String admin, String reason) {
    return conn.preparedQuery(UserLocks.LOCK_USER).execute(Tuple.of(userId))
      .compose(locked -> conn.preparedQuery(award.sql).execute(Tuple.of(userId, id, admin, reason)))
      .map(rows -> rows.size() > 0);
  }
}
