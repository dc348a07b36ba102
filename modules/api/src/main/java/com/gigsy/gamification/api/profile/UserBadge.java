package com.gigsy.gamification.api.profile;

import java.time.OffsetDateTime;

/** A badge a user holds ({@code user_badges}); the badge itself is resolved by the loader. */
record UserBadge(long badgeId, OffsetDateTime awardedAt) {
}
