package com.gigsy.gamification.api;

import com.gigsy.gamification.api.catalog.CatalogFetchers;
import com.gigsy.gamification.api.graphql.DateTimeScalar;
import com.gigsy.gamification.api.graphql.LongScalar;
import com.gigsy.gamification.api.history.HistoryFetchers;
import com.gigsy.gamification.api.leaderboard.LeaderboardFetchers;
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

  static RuntimeWiring create(CatalogFetchers catalog, ProfileFetchers profile, HistoryFetchers history,
                              LeaderboardFetchers leaderboard, RewardsFetchers rewards) {
    RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring()
      .strictMode()
      .scalar(LongScalar.TYPE)
      .scalar(DateTimeScalar.TYPE);
    catalog.wire(wiring);
    profile.wire(wiring);
    history.wire(wiring);
    leaderboard.wire(wiring);
    rewards.wire(wiring);
    return wiring.build();
  }
}
