package com.gigsy.gamification.core;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.Map;

/** The one way a module opens its PostgreSQL pool, so every pool is configured alike. */
public final class PgPools {

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
   * @param settings run-time parameters every connection of the pool starts with (name → value)
   */
  public static Pool create(Vertx vertx, GamificationConfig config, String name, int size, Map<String, String> settings) {
    PgConnectOptions connect = PgConnectOptions.fromUri(config.pgUrl())
      .setCachePreparedStatements(true)
      .setPipeliningLimit(64)
      .setReconnectAttempts(0);
    connect.addProperty("application_name", "gamification-" + name);
    settings.forEach(connect::addProperty);
    PoolOptions pool = new PoolOptions()
      .setMaxSize(size)
      .setName("gamification-" + name)
      .setShared(false)
      .setConnectionTimeout(10)
      .setIdleTimeout(300);
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }
}
