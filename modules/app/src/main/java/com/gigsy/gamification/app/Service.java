package com.gigsy.gamification.app;

import com.gigsy.gamification.api.ApiVerticle;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Role;
import com.gigsy.gamification.engine.EngineVerticle;
import com.gigsy.gamification.engine.JobsVerticle;
import com.gigsy.gamification.engine.RewardsRelayVerticle;
import com.gigsy.gamification.ingest.IngestVerticle;
import com.gigsy.gamification.leaderboard.LeaderboardVerticle;
import com.gigsy.gamification.runtime.RunningService;
import com.gigsy.gamification.runtime.Startup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The service: the verticles of each role, started by {@link Startup} in order (topics, migrations, demo data
 * when configured, then engine, leaderboard, api, and ingest last).
 */
public final class Service {

  /** The verticles of each role, in deployment order within the role. */
  public static final Map<Role, List<Supplier<VerticleBase>>> VERTICLES = Map.of(
    Role.ENGINE, List.of(EngineVerticle::new, RewardsRelayVerticle::new, JobsVerticle::new),
    Role.LEADERBOARD, List.of(LeaderboardVerticle::new),
    Role.API, List.of(ApiVerticle::new),
    Role.INGEST, List.of(IngestVerticle::new));

  private Service() {
  }

  public static Future<RunningService> start(Vertx vertx, GamificationConfig config) {
    return Startup.start(vertx, config, VERTICLES,
      pool -> config.demoData() ? DemoData.load(vertx, pool) : Future.succeededFuture());
  }
}
