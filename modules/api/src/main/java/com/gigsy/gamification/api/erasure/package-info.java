/**
 * Erasure of a user on request (CONTRACT §11): the admins' {@code eraseUser}. The database function
 * {@code gamification_erase_user} (migrations V11, V13) does the work in the mutation's transaction; this package calls it,
 * keeps the audit entry without the user's id, and has the leaderboard copies of this process dropped at once.
 *
 * <p>A domain: it uses {@code api.audit}, {@code api.auth} and {@code api.graphql}; only the root uses it.
 */
package com.gigsy.gamification.api.erasure;
