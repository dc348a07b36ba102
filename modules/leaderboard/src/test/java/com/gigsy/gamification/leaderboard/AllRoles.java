package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.api.ApiVerticle;
import com.gigsy.gamification.core.Role;
import com.gigsy.gamification.engine.EngineVerticle;
import com.gigsy.gamification.engine.JobsVerticle;
import com.gigsy.gamification.engine.RewardsRelayVerticle;
import com.gigsy.gamification.ingest.IngestVerticle;
import com.gigsy.gamification.testing.ServiceStarter;

import java.util.List;
import java.util.Map;

/**
 * The whole service, started as the launcher starts it (the launcher's own {@code Service} lives in the app
 * module, which depends on this one): the verticles of every role, without demo data.
 */
final class AllRoles {

  static final ServiceStarter SERVICE = ServiceStarter.of(Map.of(
    Role.ENGINE, List.of(EngineVerticle::new, RewardsRelayVerticle::new, JobsVerticle::new),
    Role.LEADERBOARD, List.of(LeaderboardVerticle::new),
    Role.API, List.of(ApiVerticle::new),
    Role.INGEST, List.of(IngestVerticle::new)));

  private AllRoles() {
  }
}
