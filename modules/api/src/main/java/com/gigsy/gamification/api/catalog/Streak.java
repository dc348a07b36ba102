package com.gigsy.gamification.api.catalog;

/**
 * A streak rule's run, as GraphQL {@code Streak} and {@code StreakInput}: {@code length} consecutive UTC periods.
 *
 * @param period a {@code StreakPeriod} name: {@code DAY} or {@code WEEK}
 */
record Streak(int length, String period) {
}
