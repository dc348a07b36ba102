/**
 * Open Badges 3.0 verifiable credentials (CONTRACT §9): every award of a badge leaves the platform as an
 * OpenBadgeCredential, signed as a VC-JWT (RS256) with the issuer key, verifiable by anyone without this service's
 * GraphQL API. {@code Credentials}, the one public class the api uses, starts the domain and hands out its routes
 * ({@code CredentialRoutes}: issuer Profile, Achievements, credentials, their 1EdTech Revocation List, the JWK set), the
 * field {@code UserBadge.credentialUrl} and its loader ({@code CredentialLinks}). {@code OpenBadges} renders the
 * documents, {@code CredentialRepository} holds the SQL, {@code IssuerKey} signs, {@code IssuerKeyFile} reads the PEM key
 * (and makes dev mode's, for the launcher).
 *
 * <p>Nothing is written when a badge is awarded: an award gets its credential row (a random id, a subject id and a
 * salt) the first time its owner or an admin asks for {@code credentialUrl}, and the credential is derived from that
 * row, the award and the badge at each request. A revoked award keeps its credential, whose status then reads revoked.
 *
 * <p>A domain of the api: it uses {@code api.profile} ({@code UserBadge}) and {@code api.auth}; no other package of the
 * api uses it but the root (and the launcher, for dev mode's key).
 */
package com.gigsy.gamification.api.credentials;
