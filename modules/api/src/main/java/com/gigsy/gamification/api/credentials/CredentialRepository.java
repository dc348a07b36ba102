package com.gigsy.gamification.api.credentials;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The credentials' rows ({@code badge_credentials}, {@code issuer_keys}) and what a credential is derived from: the
 * award ({@code user_badges}, or {@code badge_revocations} once revoked, found by the user and the award's
 * {@code reward_id}) and the badge. The engine writes none of this: an award gets its credential here, the first time
 * it is asked for.
 */
final class CredentialRepository {

  /** Random bytes of a credential id: 128 bits, 22 base64url characters (the column checks the shape). */
  static final int ID_BYTES = 16;

  /**
   * Gives each award that has none a credential, and reads every award's credential id. The awards that already have
   * one keep it (reward_id is unique); of two requests giving one award a credential at once, one inserts and the
   * other inserts nothing and does not see the row in its snapshot, so it reads again ({@link #READ_IDS}).
   * $1 user ids, $2 reward ids, $3 new ids, $4 new subject ids, $5 new salts (parallel arrays).
   */
  private static final String ASSIGN_IDS = """
    WITH wanted AS (
      SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::uuid[], $5::text[])
        AS w(user_id, reward_id, id, subject_id, salt)
    ),
    inserted AS (
      INSERT INTO badge_credentials (id, reward_id, user_id, subject_id, salt)
      SELECT w.id, w.reward_id, w.user_id, w.subject_id, w.salt
      FROM wanted w
      WHERE NOT EXISTS (SELECT 1 FROM badge_credentials c WHERE c.reward_id = w.reward_id)
      ON CONFLICT (reward_id) DO NOTHING
      RETURNING reward_id, id
    )
    SELECT reward_id, id FROM inserted
    UNION ALL
    SELECT c.reward_id, c.id FROM badge_credentials c JOIN wanted w ON w.reward_id = c.reward_id
    """;

  private static final String READ_IDS = "SELECT reward_id, id FROM badge_credentials WHERE reward_id = ANY($1::uuid[])";

  /**
   * A credential with its award, held or revoked (reward ids are random, so an award is in one of the two tables), and
   * the badge. The award is looked up among its user's rows.
   */
  private static final String AWARD = """
    SELECT c.id, c.user_id, c.subject_id, c.salt, a.awarded_at, a.revoked,
           b.id AS badge_id, b.name, b.description, b.icon_url
    FROM badge_credentials c
    CROSS JOIN LATERAL (
      SELECT ub.badge_id, ub.awarded_at, false AS revoked
      FROM user_badges ub WHERE ub.user_id = c.user_id AND ub.reward_id = c.reward_id
      UNION ALL
      SELECT br.badge_id, br.awarded_at, true
      FROM badge_revocations br WHERE br.user_id = c.user_id AND br.reward_id = c.reward_id
      LIMIT 1
    ) a
    JOIN badges b ON b.id = a.badge_id
    WHERE c.id = $1
    """;

  private static final String BADGE = "SELECT id AS badge_id, name, description, icon_url FROM badges WHERE id = $1";

  private static final String RECORD_KEY = """
    INSERT INTO issuer_keys (thumbprint, public_jwk) VALUES ($1, $2::jsonb)
    ON CONFLICT (thumbprint) DO NOTHING
    """;

  private static final String KEYS = "SELECT thumbprint, public_jwk FROM issuer_keys ORDER BY first_used DESC, thumbprint";

  private static final String KEY = "SELECT thumbprint, public_jwk FROM issuer_keys WHERE thumbprint = $1";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;

  CredentialRepository(Pool pool) {
    this.pool = pool;
  }

  /** An award of a badge to a user, by the award's {@code reward_id}. */
  record AwardKey(String userId, UUID rewardId) {
  }

  /** The credential id of each award, given one first where it has none; one statement for all of them. */
  Future<Map<AwardKey, String>> credentialIds(List<AwardKey> awards) {
    int n = awards.size();
    String[] users = new String[n];
    UUID[] rewards = new UUID[n];
    String[] ids = new String[n];
    UUID[] subjects = new UUID[n];
    String[] salts = new String[n];
    for (int i = 0; i < n; i++) {
      users[i] = awards.get(i).userId();
      rewards[i] = awards.get(i).rewardId();
      ids[i] = randomId();
      subjects[i] = UUID.randomUUID();
      salts[i] = randomId();
    }
    Tuple assign = Tuple.tuple().addArrayOfString(users).addArrayOfUUID(rewards).addArrayOfString(ids)
      .addArrayOfUUID(subjects).addArrayOfString(salts);
    return pool.preparedQuery(ASSIGN_IDS).execute(assign).compose(rows -> {
      Map<UUID, String> byReward = byReward(rows);
      UUID[] missing = awards.stream().map(AwardKey::rewardId).filter(r -> !byReward.containsKey(r)).toArray(UUID[]::new);
      if (missing.length == 0) {
        return Future.succeededFuture(byReward);
      }
      return pool.preparedQuery(READ_IDS).execute(Tuple.tuple().addArrayOfUUID(missing)).map(again -> {
        byReward.putAll(byReward(again));
        return byReward;
      });
    }).map(byReward -> {
      Map<AwardKey, String> result = new LinkedHashMap<>();
      awards.forEach(award -> result.put(award, byReward.get(award.rewardId())));
      return result;
    });
  }

  /** The credential {@code credentialId} with its award, or null when there is none (or its award was erased). */
  Future<Award> award(String credentialId) {
    return pool.preparedQuery(AWARD).execute(Tuple.of(credentialId)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new Award(row.getString("id"), row.getString("user_id"), row.getUUID("subject_id"), row.getString("salt"),
        row.getOffsetDateTime("awarded_at"), row.getBoolean("revoked"), achievement(row));
    });
  }

  /** The badge {@code badgeId} as an Achievement, or null when there is no such badge. */
  Future<Achievement> achievement(long badgeId) {
    return pool.preparedQuery(BADGE).execute(Tuple.of(badgeId))
      .map(rows -> rows.size() == 0 ? null : achievement(rows.iterator().next()));
  }

  /** Records a public key that signs credentials, once. */
  Future<Void> recordKey(IssuerKey key) {
    return pool.preparedQuery(RECORD_KEY).execute(Tuple.of(key.thumbprint(), key.publicJwk())).mapEmpty();
  }

  /** Every public key recorded, by thumbprint, the newest first. */
  Future<Map<String, JsonObject>> keys() {
    return pool.preparedQuery(KEYS).execute().map(CredentialRepository::keysOf);
  }

  /** The public key of this thumbprint, or null. */
  Future<JsonObject> key(String thumbprint) {
    return pool.preparedQuery(KEY).execute(Tuple.of(thumbprint)).map(rows -> keysOf(rows).get(thumbprint));
  }

  private static Map<String, JsonObject> keysOf(RowSet<Row> rows) {
    Map<String, JsonObject> keys = new LinkedHashMap<>();
    for (Row row : rows) {
      keys.put(row.getString("thumbprint"), (JsonObject) row.getValue("public_jwk"));
    }
    return keys;
  }

  private static Achievement achievement(Row row) {
    return new Achievement(row.getLong("badge_id"), row.getString("name"), row.getString("description"),
      row.getString("icon_url"));
  }

  private static Map<UUID, String> byReward(RowSet<Row> rows) {
    Map<UUID, String> ids = new HashMap<>();
    for (Row row : rows) {
      ids.put(row.getUUID("reward_id"), row.getString("id"));
    }
    return ids;
  }

  /** {@value #ID_BYTES} random bytes, base64url without padding. */
  static String randomId() {
    byte[] bytes = new byte[ID_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
