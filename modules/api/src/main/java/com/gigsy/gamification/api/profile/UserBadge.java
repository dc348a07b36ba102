package com.gigsy.gamification.api.profile;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A badge a user holds ({@code user_badges}); the badge and the rule that granted it are resolved by the loaders.
 * {@code eventId} is null when no event granted it (a level awarded by a job). Public for the credentials, which wire
 * {@code UserBadge.credentialUrl} from the award ({@code userId}, {@code rewardId}).
 *
 * @param rewardId the award's id (its reward on the rewards topic); a badge revoked and granted again is a new award
 */
public record UserBadge(String userId, long badgeId, OffsetDateTime awardedAt, Long ruleId, String eventId,
                        UUID rewardId) {
}
