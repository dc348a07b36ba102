package com.gigsy.gamification.api.credentials;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The documents of Open Badges 3.0 (1EdTech, on the W3C Verifiable Credentials Data Model 2.0) this service publishes,
 * every id a URL under {@code GAMIFICATION_PUBLIC_URL}: the issuer Profile, a badge as an Achievement, the
 * OpenBadgeCredential of an award and its JWT claims, the 1EdTech Revocation List of a credential, and public keys as
 * JWKs. Plain JSON, in the serialization the specification gives (no empty arrays, no nulls).
 */
final class OpenBadges {

  static final String JWKS_PATH = "/.well-known/jwks.json";
  static final String ISSUER_PATH = "/ob/v3/issuer";
  static final String ACHIEVEMENTS_PATH = "/ob/v3/achievements/";
  static final String CREDENTIALS_PATH = "/ob/v3/credentials/";
  static final String STATUS_PATH = "/ob/v3/status/";
  static final String KEYS_PATH = "/ob/v3/keys/";

  /** The contexts every Open Badges 3.0 document carries, in this order (its JSON-LD serialization). */
  static final String VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
  static final String OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

  /** The status method of Open Badges 3.0: a list of the revoked credentials at the status URL. */
  static final String REVOCATION_LIST = "1EdTechRevocationList";

  /**
   * What the recipient's identity hash identifies: the platform's user id (the {@code sub} of their token), which the
   * learner tells a verifier who wants to check that the credential is theirs.
   */
  static final String IDENTITY_TYPE = "accountId";

  private final String base;
  private final String issuerName;

  /** @param base the public URL, without a trailing slash */
  OpenBadges(String base, String issuerName) {
    this.base = base;
    this.issuerName = issuerName;
  }

  String issuerId() {
    return base + ISSUER_PATH;
  }

  String achievementId(long badgeId) {
    return base + ACHIEVEMENTS_PATH + badgeId;
  }

  String credentialUrl(String credentialId) {
    return base + CREDENTIALS_PATH + credentialId;
  }

  String statusUrl(String credentialId) {
    return base + STATUS_PATH + credentialId;
  }

  /** The {@code kid} of a key: the URL of its JWK, which the specification asks a {@code kid} to be. */
  String keyId(String thumbprint) {
    return base + KEYS_PATH + thumbprint;
  }

  /** The issuer Profile, as served at {@link #ISSUER_PATH}. */
  JsonObject issuer() {
    return contexts().mergeIn(issuerProfile());
  }

  /** A badge as an Achievement, as served at {@link #ACHIEVEMENTS_PATH}. */
  JsonObject achievement(Achievement badge) {
    return contexts().mergeIn(achievementOf(badge));
  }

  /**
   * The OpenBadgeCredential of an award. The recipient is identified by a salted SHA-256 hash of their user id (an
   * IdentityObject) and by a subject id of this credential alone, so neither the user id nor a link between two
   * credentials of one user is published. {@code validFrom} is the award's time to the second, so that it equals the
   * JWT's {@code nbf}.
   */
  JsonObject credential(Award award) {
    String since = awardTime(award).toString();
    JsonObject identity = new JsonObject()
      .put("type", "IdentityObject")
      .put("hashed", true)
      .put("identityHash", identityHash(award.userId(), award.salt()))
      .put("identityType", IDENTITY_TYPE)
      .put("salt", award.salt());
    JsonObject subject = new JsonObject()
      .put("id", "urn:uuid:" + award.subjectId())
      .put("type", new JsonArray().add("AchievementSubject"))
      .put("identifier", new JsonArray().add(identity))
      .put("achievement", achievementOf(award.achievement()));
    return contexts()
      .put("id", credentialUrl(award.credentialId()))
      .put("type", new JsonArray().add("VerifiableCredential").add("OpenBadgeCredential"))
      .put("name", award.achievement().name())
      .put("description", award.achievement().description())
      .put("issuer", issuerProfile())
      .put("validFrom", since)
      .put("awardedDate", since)
      .put("credentialSubject", subject)
      .put("credentialStatus", new JsonObject()
        .put("id", statusUrl(award.credentialId()))
        .put("type", REVOCATION_LIST));
  }

  /**
   * The payload of the credential's VC-JWT: the credential itself with the claims Open Badges 3.0 requires, each
   * equal to the property it stands for ({@code iss} = issuer.id, {@code jti} = id, {@code sub} =
   * credentialSubject.id, {@code nbf} = validFrom). No {@code exp}: the credential has no {@code validUntil}.
   */
  JsonObject jwtPayload(JsonObject credential, Award award) {
    return credential.copy()
      .put("iss", issuerId())
      .put("jti", credentialUrl(award.credentialId()))
      .put("sub", "urn:uuid:" + award.subjectId())
      .put("nbf", awardTime(award).getEpochSecond());
  }

  /**
   * The 1EdTech Revocation List of one credential (the status URL of each credential is a list of its own, so a
   * verifier learns nothing of the others): the credential in {@code revokedCredentials} when its award was revoked,
   * else an empty list. The revocation's reason stays private. The list is also given as {@code revokedCredential},
   * the name the 1EdTech validator reads.
   */
  JsonObject revocationList(Award award) {
    JsonArray revoked = new JsonArray();
    if (award.revoked()) {
      revoked.add(new JsonObject().put("id", credentialUrl(award.credentialId())).put("revoked", true));
    }
    return new JsonObject()
      .put("id", statusUrl(award.credentialId()))
      .put("issuer", issuerId())
      .put("revokedCredentials", revoked)
      .put("revokedCredential", revoked.copy());
  }

  /** A public key as a JWK of the JWK set: its {@code kid}, {@code alg} and {@code use} added. */
  JsonObject jwk(String thumbprint, JsonObject publicJwk) {
    return publicJwk.copy().put("kid", keyId(thumbprint)).put("alg", "RS256").put("use", "sig");
  }

  /** {@code sha256$<hex>} of the user id followed by the salt, the IdentityHash of the specification. */
  static String identityHash(String userId, String salt) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((userId + salt).getBytes(StandardCharsets.UTF_8));
      return "sha256$" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static Instant awardTime(Award award) {
    return award.awardedAt().toInstant().truncatedTo(ChronoUnit.SECONDS);
  }

  private JsonObject issuerProfile() {
    return new JsonObject()
      .put("id", issuerId())
      .put("type", new JsonArray().add("Profile"))
      .put("name", issuerName);
  }

  /** The criteria are the badge's description: what the platform awards it for, as its admins wrote it. */
  private JsonObject achievementOf(Achievement badge) {
    return new JsonObject()
      .put("id", achievementId(badge.badgeId()))
      .put("type", new JsonArray().add("Achievement"))
      .put("achievementType", "Badge")
      .put("name", badge.name())
      .put("description", badge.description())
      .put("criteria", new JsonObject().put("narrative", badge.description()))
      .put("image", new JsonObject().put("id", badge.iconUrl()).put("type", "Image"))
      .put("creator", issuerProfile());
  }

  private static JsonObject contexts() {
    return new JsonObject().put("@context", new JsonArray().add(VC_CONTEXT).add(OB_CONTEXT));
  }
}
