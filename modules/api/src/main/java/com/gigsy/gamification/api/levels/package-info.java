/**
 * Levels (CONTRACT §8): the levels query and the admin's mutations, the {@code Level} type, and where a user stands
 * ({@code GamificationProfile.level}, {@code nextLevel}, {@code pointsToNextLevel}).
 *
 * <p>A domain: it uses {@code api.profile} (the profile it adds fields to), {@code api.catalog} (a level's badge and
 * title), {@code api.audit}, {@code api.auth} and {@code api.graphql}; only the root uses it.
 */
package com.gigsy.gamification.api.levels;
