package com.gigsy.gamification.api.profile;

import java.time.OffsetDateTime;

/**
 * A user's progress on a streak rule ({@code streak_progress}); the rule itself is resolved by the loader.
 *
 * @param current the run ending at the latest marked period when that is the current or the previous one, else 0
 * @param lastPeriodStart the latest marked period, at 00:00 UTC
 */
record StreakProgress(long ruleId, int current, int longest, OffsetDateTime lastPeriodStart) {
}
