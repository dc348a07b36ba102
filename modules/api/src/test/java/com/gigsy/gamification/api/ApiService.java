package com.gigsy.gamification.api;

import com.gigsy.gamification.core.Role;
import com.gigsy.gamification.engine.EngineVerticle;
import com.gigsy.gamification.engine.JobsVerticle;
import com.gigsy.gamification.engine.RewardsRelayVerticle;
import com.gigsy.gamification.ingest.IngestVerticle;
import com.gigsy.gamification.testing.ServiceStarter;

import java.util.List;
import java.util.Map;

/**
 * The service as the api's tests start it, as the launcher would (the launcher's own {@code Service} lives in the
 * app module, which depends on this one): the verticles of every role but the leaderboard (its module's tests
 * cover computations, and they read through this api), without demo data.
 */
final class ApiService {

  static final ServiceStarter SERVICE = ServiceStarter.of(Map.of(
    Role.ENGINE, List.of(EngineVerticle::new, RewardsRelayVerticle::new, JobsVerticle::new),
    Role.API, List.of(ApiVerticle::new),
    Role.INGEST, List.of(IngestVerticle::new)));

  private ApiService() {
  }
}
