/**
 * The audit log (CONTRACT §8): {@code AuditLog}, through which every admin mutation of the other domains writes, its
 * change and its entry in one transaction; {@code AuditFetchers}, the admins' {@code auditLog} query.
 *
 * <p>A domain below the others: every domain with admin mutations uses it; it uses only {@code api.auth} and
 * {@code api.graphql}.
 */
package com.gigsy.gamification.api.audit;
