package com.gigsy.gamification.api.erasure;

import com.gigsy.gamification.api.audit.AuditLog;
import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.auth.Caller;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.core.Addresses;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code eraseUser} (CONTRACT §11), for admins: every row about the user goes in one transaction with its audit entry,
 * which names the user by the SHA-256 of the id ({@code userIdSha256}), as do the user's earlier audit entries from
 * then on. Answers whether the service held anything about the user. The boards' tops this process keeps are dropped
 * once it has committed (other processes notice within a second: the erasure bumps the version they check).
 */
public final class ErasureFetchers {

  /** The erasure reads the inbox whole (no index by user): it may take longer than an ordinary statement. */
  private static final String LONGER_TIMEOUT = "SET LOCAL statement_timeout = '10min'";
  private static final String ERASE = "SELECT gamification_erase_user($1, $2) AS found";

  private final AuditLog audit;
  private final EventBus eventBus;

  public ErasureFetchers(AuditLog audit, EventBus eventBus) {
    this.audit = audit;
    this.eventBus = eventBus;
  }

  public void wire(RuntimeWiring.Builder wiring) {
    wiring.type(TypeRuntimeWiring.newTypeWiring("Mutation").dataFetcher("eraseUser", eraseUser()));
  }

  private DataFetcher<Future<Boolean>> eraseUser() {
    return env -> {
      Caller admin = Access.requireAdmin(env);
      String userId = Arguments.userId(env, "userId");
      JsonObject kept = new JsonObject().put("userIdSha256", sha256(userId));
      return audit.recorded(env, kept, conn -> erase(conn, userId, admin.userId()))
        .onSuccess(found -> eventBus.publish(Addresses.LEADERBOARD_CHANGED, null));
    };
  }

  private static Future<Boolean> erase(SqlConnection conn, String userId, String admin) {
    return conn.query(LONGER_TIMEOUT).execute()
      .compose(set -> conn.preparedQuery(ERASE).execute(Tuple.of(userId, admin)))
      .map(rows -> rows.iterator().next().getBoolean("found"));
  }

  /** The hex SHA-256 of the id's UTF-8 bytes, as {@code gamification_user_sha256} computes it. */
  static String sha256(String userId) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
