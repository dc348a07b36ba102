/**
 * The rankings, read from the precomputed snapshot and never aggregated on request: {@code LeaderboardFetchers} owns
 * the queries {@code leaderboard}, {@code leaderboardAround} and {@code totalsReconciliation}, the admin's
 * {@code recomputeLeaderboard} and {@code setLeaderboardExclusion}, {@code GamificationProfile.rank}, and the fields
 * of {@code Leaderboard}, {@code LeaderboardEntry}, {@code TotalsReconciliation} and {@code TotalsDifference}.
 * {@code LeaderboardRepository} reads the boards (on connections that reuse generic plans) and writes the exclusions,
 * {@code BoardTops} keeps this verticle's copy of the top of each board, {@code ReconciliationRepository} checks the
 * totals against the points log. The fetchers own their consumer of {@code LEADERBOARD_CHANGED}: the one way a copy
 * of the tops is forgotten early.
 *
 * <p>Used by the root only. It uses {@code api.profile} (the {@code Profile} it answers with and ranks),
 * {@code api.auth} and {@code api.graphql}; it imports no other domain package and not the root.
 */
package com.gigsy.gamification.api.leaderboard;
