package com.gigsy.gamification.api;

/**
 * The source of a {@code GamificationProfile}: only the user id. Each field is read when asked for,
 * so a query pays only for what it selects; a user with no rewards simply has no rows.
 */
record Profile(String userId) {
}
