package com.gigsy.gamification.leaderboard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The leaderboard role. A skeleton for now: the precomputed snapshot, its schedule
 * ({@code GAMIFICATION_LEADERBOARD_INTERVAL}) and the single runner across instances are built by the
 * leaderboard issue. Deployed so the launcher's start-up order is already the final one.
 */
public class LeaderboardVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
