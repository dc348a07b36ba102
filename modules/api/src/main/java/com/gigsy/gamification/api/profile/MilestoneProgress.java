package com.gigsy.gamification.api.profile;

import java.time.OffsetDateTime;

/**
 * A user's progress towards a threshold rule ({@code rule_progress}); the rule itself is resolved by the loader.
 *
 * @param count the distinct dedupe keys of the user's matching events so far
 * @param completedAt null until the count reached the threshold
 */
record MilestoneProgress(long ruleId, int count, int threshold, OffsetDateTime completedAt) {
}
