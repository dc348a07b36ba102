package com.gigsy.gamification.api.catalog;

/**
 * A row of {@code gamification_rules}, as GraphQL {@code GamificationRule}; the badge and title are
 * resolved from their ids by the per-request loaders.
 */
public record Rule(long id, String eventName, String description, boolean active, Integer pointsAwarded, Long badgeId,
                   Long titleId) {
}
