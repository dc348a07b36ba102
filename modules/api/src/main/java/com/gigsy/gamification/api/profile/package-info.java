/**
 * What one user holds: {@code ProfileFetchers} owns the query {@code gamificationProfile}, the caller's own
 * {@code equipTitle} and {@code unequipTitle}, and the fields of {@code GamificationProfile}, {@code UserBadge},
 * {@code UserTitle}, {@code MilestoneProgress} and {@code StreakProgress} — but {@code GamificationProfile.rank}, which
 * the leaderboard wires (from its latest computation), and {@code UserBadge.credentialUrl}, the credentials'.
 * {@code ProfileRepository} reads, in one statement, what a profile selects of the points log, badges, titles,
 * milestones, streaks and level standing of a user ({@code ProfileSnapshots} once per profile and request, also for
 * the levels' fields, from {@code ProfileSnapshot}); {@code TitleEquipmentRepository} changes which title the user
 * shows.
 *
 * <p>Used by the root, by the leaderboard through {@code Profile} (the source of a {@code GamificationProfile},
 * only a user id), and by the credentials through {@code UserBadge} (they wire {@code UserBadge.credentialUrl}), its
 * public records. It uses {@code api.catalog} (badges and titles), {@code api.auth} and
 * {@code api.graphql}; it imports no other domain package and not the root.
 */
package com.gigsy.gamification.api.profile;
