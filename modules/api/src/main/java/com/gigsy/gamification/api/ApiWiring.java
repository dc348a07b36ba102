package com.gigsy.gamification.api;

import com.gigsy.gamification.api.audit.AuditFetchers;
import com.gigsy.gamification.api.catalog.CatalogFetchers;
import com.gigsy.gamification.api.credentials.Credentials;
import com.gigsy.gamification.api.erasure.ErasureFetchers;
import com.gigsy.gamification.api.graphql.DateTimeScalar;
import com.gigsy.gamification.api.graphql.LongScalar;
import com.gigsy.gamification.api.graphql.Page;
import com.gigsy.gamification.api.history.HistoryFetchers;
import com.gigsy.gamification.api.jobs.JobFetchers;
import com.gigsy.gamification.api.leaderboard.LeaderboardFetchers;
import com.gigsy.gamification.api.levels.LevelFetchers;
import com.gigsy.gamification.api.profile.ProfileFetchers;
import com.gigsy.gamification.api.rewards.RewardsFetchers;
import graphql.schema.idl.RuntimeWiring;

/**
 * Binds the SDL to code: the scalars, then each domain's fields. A domain wires the fields it computes, whatever
 * type they belong to ({@code GamificationProfile.rank} is the leaderboard's). Strict: a field wired twice fails
 * the start.
 */
final class ApiWiring {

  private ApiWiring() {
  }

  /** The fetchers of every domain. */
  record Domains(CatalogFetchers catalog, ProfileFetchers profile, HistoryFetchers history, LeaderboardFetchers leaderboard,
                 RewardsFetchers rewards, LevelFetchers levels, JobFetchers jobs, AuditFetchers audit,
                 ErasureFetchers erasure, Credentials credentials) {
  }

  static RuntimeWiring create(Domains domains) {
    RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring()
      .strictMode()
      .scalar(LongScalar.TYPE)
      .scalar(DateTimeScalar.TYPE);
    Page.wirePageInfo(wiring);
    domains.catalog().wire(wiring);
    domains.profile().wire(wiring);
    domains.history().wire(wiring);
    domains.leaderboard().wire(wiring);
    domains.rewards().wire(wiring);
    domains.levels().wire(wiring);
    domains.jobs().wire(wiring);
    domains.audit().wire(wiring);
    domains.erasure().wire(wiring);
    domains.credentials().wire(wiring);
    return wiring.build();
  }
}
