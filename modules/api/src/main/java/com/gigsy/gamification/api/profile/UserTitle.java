package com.gigsy.gamification.api.profile;

import java.time.OffsetDateTime;

/** A title a user holds ({@code user_titles}); the title itself is resolved by the loader. */
record UserTitle(long titleId, boolean isEquipped, OffsetDateTime awardedAt) {
}
