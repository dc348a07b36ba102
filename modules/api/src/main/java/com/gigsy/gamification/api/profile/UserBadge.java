package com.gigsy.gamification.api.profile;

import java.time.OffsetDateTime;

/**
 * A badge a user holds ({@code user_badges}); the badge and the rule that granted it are resolved by the loaders.
 * {@code eventId} is null when no event granted it (a level awarded by a job).
 */
record UserBadge(long badgeId, OffsetDateTime awardedAt, Long ruleId, String eventId) {
}
