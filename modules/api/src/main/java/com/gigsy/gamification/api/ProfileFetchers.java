package com.gigsy.gamification.api;

import graphql.schema.DataFetcher;
import io.vertx.core.Future;

import java.util.List;

/**
 * The fields of {@code type GamificationProfile} but {@code rank} ({@link LeaderboardFetchers}): one statement each, whatever the number of rows;
 * the badges and titles inside are resolved in batches by {@link CatalogReferences}.
 */
final class ProfileFetchers {

  private final ProfileRepository profiles;

  ProfileFetchers(ProfileRepository profiles) {
    this.profiles = profiles;
  }

  DataFetcher<Future<Long>> totalPoints() {
    return env -> profiles.totalPoints(env.<Profile>getSource().userId());
  }

  DataFetcher<Future<List<UserBadge>>> badges() {
    return env -> profiles.badges(env.<Profile>getSource().userId());
  }

  DataFetcher<Future<List<UserTitle>>> titles() {
    return env -> profiles.titles(env.<Profile>getSource().userId());
  }

  DataFetcher<Future<Title>> equippedTitle() {
    return env -> profiles.equippedTitle(env.<Profile>getSource().userId());
  }
}
