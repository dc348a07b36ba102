package com.gigsy.gamification.api.catalog;

/**
 * A rule's cap, as GraphQL {@code Cap} and {@code CapInput}: at most {@code count} grants per user per UTC period.
 *
 * @param period a {@code Period} name: {@code DAY}, {@code WEEK}, {@code MONTH} or {@code ALL_TIME}
 */
record Cap(int count, String period) {
}
