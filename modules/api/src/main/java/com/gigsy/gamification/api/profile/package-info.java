/**
 * What one user holds: {@code ProfileFetchers} owns the query {@code gamificationProfile}, the caller's own
 * {@code equipTitle} and {@code unequipTitle}, and the fields of {@code GamificationProfile}, {@code UserBadge},
 * {@code UserTitle}, {@code MilestoneProgress} and {@code StreakProgress} — but {@code GamificationProfile.rank}, which
 * the leaderboard computes and wires, and {@code UserBadge.credentialUrl}, the credentials'. {@code ProfileRepository} reads the points log, badges, titles, milestones and
 * streaks of a user; {@code TitleEquipmentRepository} changes which title the user shows.
 *
 * <p>Used by the root, by the leaderboard through {@code Profile} (the source of a {@code GamificationProfile},
 * only a user id), and by the credentials through {@code UserBadge} (they wire {@code UserBadge.credentialUrl}), its
 * public records. It uses {@code api.catalog} (badges and titles), {@code api.auth} and
 * {@code api.graphql}; it imports no other domain package and not the root.
 */
package com.gigsy.gamification.api.profile;
