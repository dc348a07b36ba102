package com.gigsy.gamification.api.catalog;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A row of {@code gamification_rules}, as GraphQL {@code GamificationRule}, every field as it was set; the badge and
 * title are resolved from their ids by the per-request loaders.
 *
 * @param pointsMultiplier null when not set (the engine then multiplies by 1)
 * @param cap null for a rule without a cap
 * @param streak null for a rule that is not a streak
 * @param reverses the rule a reversal rule takes points back from; null for other rules
 * @param builtIn one of the rules that name what no rule of the catalog granted (V10)
 */
public record Rule(long id, String eventName, String description, boolean active, Integer pointsAwarded, Long badgeId,
                   Long titleId, List<Condition> conditions, String pointsFromAttribute, Double pointsMultiplier,
                   OffsetDateTime validFrom, OffsetDateTime validUntil, Cap cap, Integer threshold, Streak streak,
                   Long reverses, boolean builtIn) {
}
