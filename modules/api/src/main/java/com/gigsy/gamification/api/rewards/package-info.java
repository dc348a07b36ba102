/**
 * Rewards as they are granted: {@code RewardsFetchers} owns the subscription {@code rewardGranted} (served over
 * {@code graphql-transport-ws}) and the fields of {@code Reward}; {@code RewardsFeed} reads the rewards topic and
 * hands each reward to the {@code RewardStream}s open for its user.
 *
 * <p>Used by the root only. It uses {@code api.auth} and {@code api.graphql}; it imports no other package of the
 * API.
 */
package com.gigsy.gamification.api.rewards;
