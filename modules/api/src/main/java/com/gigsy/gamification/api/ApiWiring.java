package com.gigsy.gamification.api;

import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;

/**
 * Binds the SDL to code: scalars, and a fetcher for every field this round serves. Mutation and
 * Subscription fields are declared in the SDL but not bound yet; asking for them yields null and
 * a non-null error ({@code INTERNAL}) until they are implemented.
 */
final class ApiWiring {

  private ApiWiring() {
  }

  static RuntimeWiring create(QueryFetchers query, ProfileFetchers profile) {
    return RuntimeWiring.newRuntimeWiring()
      .scalar(LongScalar.TYPE)
      .scalar(DateTimeScalar.TYPE)
      .type(TypeRuntimeWiring.newTypeWiring("Query")
        .dataFetcher("gamificationProfile", query.gamificationProfile())
        .dataFetcher("leaderboard", query.leaderboard())
        .dataFetcher("rules", query.rules())
        .dataFetcher("badges", query.badges())
        .dataFetcher("titles", query.titles()))
      .type(TypeRuntimeWiring.newTypeWiring("GamificationProfile")
        .dataFetcher("userId", Property.of(Profile.class, Profile::userId))
        .dataFetcher("totalPoints", profile.totalPoints())
        .dataFetcher("badges", profile.badges())
        .dataFetcher("titles", profile.titles())
        .dataFetcher("equippedTitle", profile.equippedTitle())
        .dataFetcher("rank", profile.rank()))
      .type(TypeRuntimeWiring.newTypeWiring("UserBadge")
        .dataFetcher("badge", CatalogReferences.badge(UserBadge.class, UserBadge::badgeId))
        .dataFetcher("awardedAt", Property.of(UserBadge.class, UserBadge::awardedAt)))
      .type(TypeRuntimeWiring.newTypeWiring("UserTitle")
        .dataFetcher("title", CatalogReferences.title(UserTitle.class, UserTitle::titleId))
        .dataFetcher("isEquipped", Property.of(UserTitle.class, UserTitle::isEquipped))
        .dataFetcher("awardedAt", Property.of(UserTitle.class, UserTitle::awardedAt)))
      .type(TypeRuntimeWiring.newTypeWiring("Badge")
        .dataFetcher("id", Property.of(Badge.class, Badge::id))
        .dataFetcher("name", Property.of(Badge.class, Badge::name))
        .dataFetcher("description", Property.of(Badge.class, Badge::description))
        .dataFetcher("iconUrl", Property.of(Badge.class, Badge::iconUrl)))
      .type(TypeRuntimeWiring.newTypeWiring("Title")
        .dataFetcher("id", Property.of(Title.class, Title::id))
        .dataFetcher("name", Property.of(Title.class, Title::name))
        .dataFetcher("description", Property.of(Title.class, Title::description)))
      .type(TypeRuntimeWiring.newTypeWiring("GamificationRule")
        .dataFetcher("id", Property.of(Rule.class, Rule::id))
        .dataFetcher("eventName", Property.of(Rule.class, Rule::eventName))
        .dataFetcher("description", Property.of(Rule.class, Rule::description))
        .dataFetcher("active", Property.of(Rule.class, Rule::active))
        .dataFetcher("pointsAwarded", Property.of(Rule.class, Rule::pointsAwarded))
        .dataFetcher("badge", CatalogReferences.badge(Rule.class, Rule::badgeId))
        .dataFetcher("title", CatalogReferences.title(Rule.class, Rule::titleId)))
      .type(TypeRuntimeWiring.newTypeWiring("Leaderboard")
        .dataFetcher("computedAt", Property.of(Leaderboard.class, Leaderboard::computedAt))
        .dataFetcher("entries", Property.of(Leaderboard.class, Leaderboard::entries)))
      .type(TypeRuntimeWiring.newTypeWiring("LeaderboardEntry")
        .dataFetcher("rank", Property.of(Leaderboard.Entry.class, Leaderboard.Entry::rank))
        .dataFetcher("userId", Property.of(Leaderboard.Entry.class, Leaderboard.Entry::userId))
        .dataFetcher("totalPoints", Property.of(Leaderboard.Entry.class, Leaderboard.Entry::totalPoints)))
      .build();
  }
}
