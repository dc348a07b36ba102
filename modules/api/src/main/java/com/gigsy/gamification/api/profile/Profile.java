package com.gigsy.gamification.api.profile;

/**
 * The source of a {@code GamificationProfile}: only the user id. Each field is read when asked for,
 * so a query pays only for what it selects; a user with no rewards simply has no rows.
 */
public record Profile(String userId) {
}
