package com.gigsy.gamification.api.profile;

import java.time.OffsetDateTime;

/**
 * A title a user holds ({@code user_titles}); the title and the rule that granted it are resolved by the loaders.
 * {@code eventId} is null when no event granted it (a level awarded by a job).
 */
record UserTitle(long titleId, boolean isEquipped, OffsetDateTime awardedAt, Long ruleId, String eventId) {
}
