package com.gigsy.gamification.core;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one way a module opens its PostgreSQL pool, so every pool is configured alike — and bounded alike: every
 * statement may run at most {@code GAMIFICATION_PG_STATEMENT_TIMEOUT} (PostgreSQL's {@code statement_timeout},
 * set when each connection starts), and a connection on which nothing arrives for that long plus
 * {@link #SILENCE_GRACE_SECONDS} is closed by the client, which fails what waited on it: a PostgreSQL that stops
 * answering altogether (a frozen server, a network that drops packets) cannot cancel a statement itself. An idle
 * connection closed that way is simply opened again when needed.
 */
public final class PgPools {

  /** PostgreSQL's run-time parameter for the statement bound; a pool that must not be bounded sets it to "0". */
  public static final String STATEMENT_TIMEOUT = "statement_timeout";

  /**
   * Run-time parameters of a pool whose prepared statements each reuse one generic plan, made once per connection:
   * PostgreSQL otherwise re-plans a statement at every execution while a custom plan looks cheaper, which for a large
   * statement, or one over partitions, costs more than running it (the api's profile and leaderboard reads), and for a
   * small one almost as much (the relay's mark of published rows).
   */
  public static final Map<String, String> GENERIC_PLANS = Map.of("plan_cache_mode", "force_generic_plan");

  /**
   * Statements shorter than this many characters are prepared once per connection and reused; longer ones (built at run
   * time, never repeated) are parsed at each execution. The client's default, 2,048, left the longest statements
   * uncached — the engine's batch statement (~23,000), the profile (~3,300), the level award — so PostgreSQL parsed and
   * planned them again at every execution: for the engine's statement, tens of milliseconds of a batch.
   */
  static final int CACHED_SQL_LIMIT = 64 * 1024;

  /** How much longer than the statement bound a connection may stay silent before the client gives up on it. */
  static final int SILENCE_GRACE_SECONDS = 2;

  private PgPools() {
  }

  /**
   * @param name shows in {@code pg_stat_activity.application_name}, to tell the pools apart
   * @param size most connections this pool opens
   */
  public static Pool create(Vertx vertx, GamificationConfig config, String name, int size) {
    return create(vertx, config, name, size, Map.of());
  }

  /**
   * @param settings run-time parameters every connection of the pool starts with (name → value); {@code
   *                 statement_timeout} "0" makes a pool unbounded (the migrations', which may rewrite large tables
   *                 and wait for another instance's migrations)
   */
  public static Pool create(Vertx vertx, GamificationConfig config, String name, int size, Map<String, String> settings) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put(STATEMENT_TIMEOUT, Long.toString(config.pgStatementTimeout().toMillis()));
    parameters.putAll(settings);
    PgConnectOptions connect = PgConnectOptions.fromUri(config.pgUrl())
      .setCachePreparedStatements(true)
      .setPreparedStatementCacheSqlLimit(CACHED_SQL_LIMIT)
      .setPipeliningLimit(64)
      .setReconnectAttempts(0);
    connect.addProperty("application_name", "gamification-" + name);
    parameters.forEach(connect::addProperty);
    PoolOptions pool = new PoolOptions()
      .setMaxSize(size)
      .setName("gamification-" + name)
      .setShared(false)
      .setConnectionTimeout(10)
      .setIdleTimeout(300);
    NetClientOptions transport = new NetClientOptions();
    long timeoutMillis = Long.parseLong(parameters.get(STATEMENT_TIMEOUT));
    if (timeoutMillis > 0) {
      transport.setReadIdleTimeout((int) TimeUnit.MILLISECONDS.toSeconds(timeoutMillis + 999) + SILENCE_GRACE_SECONDS)
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
    }
    return PgBuilder.pool().with(pool).with(transport).connectingTo(connect).using(vertx).build();
  }
}
