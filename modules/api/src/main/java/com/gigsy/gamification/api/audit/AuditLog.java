package com.gigsy.gamification.api.audit;

import com.gigsy.gamification.api.auth.Caller;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The audit log of admin mutations (CONTRACT §8, table {@code audit_log}, append-only in the database): the actor (the
 * token's {@code sub}), the operation (the mutation's field), its arguments as JSON, the time. A mutation that writes
 * PostgreSQL appends its entry in its own transaction ({@link #recorded}): the change and its entry commit together
 * or not at all, so every successful mutation is recorded exactly once.
 */
public final class AuditLog {

  private static final String APPEND = "INSERT INTO audit_log (actor, operation, arguments) VALUES ($1, $2, $3)";

  private final Pool pool;

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  /** Runs an admin mutation's writes and appends its entry, in one transaction. */
  public <T> Future<T> recorded(DataFetchingEnvironment env, Function<SqlConnection, Future<T>> writes) {
    return recorded(env, arguments(env.getArguments()), writes);
  }

  /** As {@link #recorded(DataFetchingEnvironment, Function)}, with the arguments as they are to be kept. */
  public <T> Future<T> recorded(DataFetchingEnvironment env, JsonObject arguments,
                                Function<SqlConnection, Future<T>> writes) {
    String actor = Caller.of(env).userId();
    String operation = env.getField().getName();
    return pool.withTransaction(conn -> writes.apply(conn)
      .compose(result -> append(conn, actor, operation, arguments).map(result)));
  }

  /**
   * Appends the entry of a mutation that does not write through this api's transactions (it asked another role), once
   * it succeeded.
   */
  public Future<Void> after(DataFetchingEnvironment env) {
    return append(pool, Caller.of(env).userId(), env.getField().getName(), arguments(env.getArguments()));
  }

  private static Future<Void> append(SqlClient client, String actor, String operation, JsonObject arguments) {
    return client.preparedQuery(APPEND).execute(Tuple.of(actor, operation, arguments)).mapEmpty();
  }

  /** The arguments as JSON: objects and lists kept, other values as GraphQL gave them (numbers, strings, instants as text). */
  static JsonObject arguments(Map<String, Object> arguments) {
    JsonObject json = new JsonObject();
    arguments.forEach((name, value) -> json.put(name, json(value)));
    return json;
  }

  @SuppressWarnings("unchecked")
  private static Object json(Object value) {
    if (value instanceof Map<?, ?> map) {
      return arguments((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(element -> array.add(json(element)));
      return array;
    }
    if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
      return value;
    }
    return value.toString();
  }
}
