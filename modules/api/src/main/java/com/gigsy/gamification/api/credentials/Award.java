package com.gigsy.gamification.api.credentials;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One award of a badge with its credential ({@code badge_credentials}): what a credential is derived from.
 *
 * @param credentialId the random id of the credential's URL
 * @param userId the recipient; only a salted hash of it leaves the service
 * @param subjectId the credential's {@code credentialSubject.id}, one per credential
 * @param salt the salt of the recipient's identity hash
 * @param revoked whether the award was revoked ({@code badge_revocations})
 */
record Award(String credentialId, String userId, UUID subjectId, String salt, OffsetDateTime awardedAt, boolean revoked,
             Achievement achievement) {
}
