/**
 * Background jobs (CONTRACT §8): the admins' {@code job} and {@code jobs} queries and {@code backfillRule}. The engine
 * role runs the jobs; this package reads their progress and queues backfills.
 *
 * <p>A domain: it uses {@code api.audit}, {@code api.auth} and {@code api.graphql}; only the root uses it.
 */
package com.gigsy.gamification.api.jobs;
