package com.gigsy.gamification.api;

import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;

/** Binds the SDL to code: the scalars, and a fetcher for every field of every type. */
final class ApiWiring {

  private ApiWiring() {
  }

  /** The fetchers of the root types. */
  record Roots(QueryFetchers query, HistoryFetchers history, MutationFetchers mutation, SubscriptionFetchers subscription) {
  }

  static RuntimeWiring create(Roots roots, ProfileFetchers profile) {
    QueryFetchers query = roots.query();
    MutationFetchers mutation = roots.mutation();
    return RuntimeWiring.newRuntimeWiring()
      .scalar(LongScalar.TYPE)
      .scalar(DateTimeScalar.TYPE)
      .type(TypeRuntimeWiring.newTypeWiring("Query")
        .dataFetcher("gamificationProfile", query.gamificationProfile())
        .dataFetcher("leaderboard", query.leaderboard())
        .dataFetcher("rules", query.rules())
        .dataFetcher("badges", query.badges())
        .dataFetcher("titles", query.titles())
        .dataFetcher("pointsHistory", roots.history().pointsHistory()))
      .type(TypeRuntimeWiring.newTypeWiring("Mutation")
        .dataFetcher("createBadge", mutation.createBadge())
        .dataFetcher("updateBadge", mutation.updateBadge())
        .dataFetcher("createTitle", mutation.createTitle())
        .dataFetcher("updateTitle", mutation.updateTitle())
        .dataFetcher("createRule", mutation.createRule())
        .dataFetcher("updateRule", mutation.updateRule())
        .dataFetcher("deleteRule", mutation.deleteRule())
        .dataFetcher("equipTitle", mutation.equipTitle())
        .dataFetcher("unequipTitle", mutation.unequipTitle())
        .dataFetcher("recomputeLeaderboard", mutation.recomputeLeaderboard()))
      .type(TypeRuntimeWiring.newTypeWiring("Subscription")
        .dataFetcher("rewardGranted", roots.subscription().rewardGranted()))
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
      .type(TypeRuntimeWiring.newTypeWiring("PointsConnection")
        .dataFetcher("entries", Property.of(PointsPage.class, PointsPage::entries))
        .dataFetcher("pageInfo", Property.of(PointsPage.class, page -> page)))
      .type(TypeRuntimeWiring.newTypeWiring("PageInfo")
        .dataFetcher("hasNextPage", Property.of(PointsPage.class, PointsPage::hasNextPage))
        .dataFetcher("endCursor", Property.of(PointsPage.class, PointsPage::endCursor)))
      .type(TypeRuntimeWiring.newTypeWiring("PointsEntry")
        .dataFetcher("cursor", Property.of(PointsEntry.class, PointsEntry::cursor))
        .dataFetcher("id", Property.of(PointsEntry.class, PointsEntry::id))
        .dataFetcher("points", Property.of(PointsEntry.class, PointsEntry::points))
        .dataFetcher("rule", CatalogReferences.rule(PointsEntry.class, PointsEntry::ruleId))
        .dataFetcher("eventId", Property.of(PointsEntry.class, PointsEntry::eventId))
        .dataFetcher("relatedEntityId", Property.of(PointsEntry.class, PointsEntry::relatedEntityId))
        .dataFetcher("createdBy", Property.of(PointsEntry.class, PointsEntry::createdBy))
        .dataFetcher("occurredAt", Property.of(PointsEntry.class, PointsEntry::occurredAt))
        .dataFetcher("createdAt", Property.of(PointsEntry.class, PointsEntry::createdAt)))
      .type(TypeRuntimeWiring.newTypeWiring("Reward")
        .dataFetcher("rewardId", Property.of(Reward.class, Reward::rewardId))
        .dataFetcher("type", Property.of(Reward.class, Reward::type))
        .dataFetcher("userId", Property.of(Reward.class, Reward::userId))
        .dataFetcher("ruleId", Property.of(Reward.class, Reward::ruleId))
        .dataFetcher("eventId", Property.of(Reward.class, Reward::eventId))
        .dataFetcher("relatedEntityId", Property.of(Reward.class, Reward::relatedEntityId))
        .dataFetcher("points", Property.of(Reward.class, Reward::points))
        .dataFetcher("badgeId", Property.of(Reward.class, Reward::badgeId))
        .dataFetcher("titleId", Property.of(Reward.class, Reward::titleId))
        .dataFetcher("awardedAt", Property.of(Reward.class, Reward::awardedAt)))
      .build();
  }
}
