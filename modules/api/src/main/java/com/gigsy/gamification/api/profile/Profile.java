package com.gigsy.gamification.api.profile;

/**
 * The source of a {@code GamificationProfile}: only the user id. Its fields are read when the first of them resolves,
 * in one statement that reads only what the query selects ({@code ProfileSnapshots}); a user with no rewards simply
 * has no rows.
 */
public record Profile(String userId) {
}
