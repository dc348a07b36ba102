package com.gigsy.gamification.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verifies an Open Badges 3.0 credential as a verifier outside Gigsy would, with only what is public: it follows the
 * URLs the documents give (no bearer token), checks the VC-JWT's signature against the issuer's JWK set with jose4j
 * (a JOSE implementation independent of the service's nimbus-jose-jwt), the JWT claims against the credential, the
 * credential's structure against the required properties of the specification, and its status through the 1EdTech
 * Revocation List the credential names.
 *
 * <p>The structural checks are written from the Open Badges Specification v3.0 (1EdTech): the required properties and
 * closed objects of its AchievementCredential JSON schema (ob_v3p0_achievementcredential_schema.json) and the rules of
 * its Serialization and Verification sections.
 */
final class OpenBadgesVerifier {

  static final String VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
  private static final Pattern OB_CONTEXT = Pattern.compile(
    "^https://purl\\.imsglobal\\.org/spec/ob/v3p0/context(-3\\.\\d\\.\\d)*\\.json$");
  private static final Set<String> IDENTITY_TYPES = Set.of("name", "sourcedId", "systemId", "productId", "userName",
    "accountId", "emailAddress", "nationalIdentityNumber", "isbn", "issn", "lisSourcedId", "oneRosterSourcedId",
    "sisSourcedId", "ltiContextId", "ltiDeploymentId", "ltiToolId", "ltiPlatformId", "ltiUserId", "identifier");

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5)).build();

  /** A credential that passed: its compact JWS, JOSE header, JWT payload, JSON form, and the key that verified it. */
  record Verified(String jwt, JsonObject header, JsonObject payload, JsonObject credential, JsonWebKey key) {
  }

  /** An HTTP answer as it came. */
  record Fetched(int status, String contentType, String body) {

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** GET {@code url}, with {@code accept} as the Accept header unless null. */
  Fetched get(String url, String accept) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Fetched(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
        response.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + url + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The JWK set at {@code jwksUrl}. */
  JsonWebKeySet jwks(String jwksUrl) {
    Fetched fetched = get(jwksUrl, null);
    assertThat(fetched.status()).as("GET %s", jwksUrl).isEqualTo(200);
    try {
      return new JsonWebKeySet(fetched.body());
    } catch (JoseException e) {
      throw new AssertionError("not a JWK set: " + fetched.body(), e);
    }
  }

  /**
   * Fetches the credential at {@code credentialUrl} as a VC-JWT (no Accept header: the default) and as JSON, and
   * verifies it against the JWK set at {@code jwksUrl}.
   */
  Verified verify(String credentialUrl, String jwksUrl) {
    Fetched jwt = get(credentialUrl, null);
    assertThat(jwt.status()).as("GET %s", credentialUrl).isEqualTo(200);
    assertThat(jwt.contentType()).startsWith("application/vc+jwt");
    Fetched json = get(credentialUrl, "application/json");
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.contentType()).startsWith("application/json");
    return verify(jwt.body(), json.json(), jwks(jwksUrl));
  }

  /** Verifies a compact VC-JWT against a JWK set and the credential's JSON form. */
  Verified verify(String compact, JsonObject credential, JsonWebKeySet keys) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setAlgorithmConstraints(
        new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256));
      jws.setCompactSerialization(compact);
      JsonObject header = new JsonObject(jws.getHeaders().getFullHeaderAsJsonString());
      // Open Badges 3.0: alg RS256, a kid (a URL of the key) or a jwk, typ JWT when present, no other header
      assertThat(header.fieldNames()).isSubsetOf("alg", "kid", "jwk", "typ");
      assertThat(header.getString("alg")).isEqualTo("RS256");
      assertThat(header.getString("typ")).isEqualTo("JWT");
      JsonWebKey key = new VerificationJwkSelector().select(jws, keys.getJsonWebKeys());
      assertThat(key).as("the JWK set has the key %s", header.getString("kid")).isNotNull();
      jws.setKey(key.getKey());
      assertThat(jws.verifySignature()).as("the signature verifies").isTrue();

      JsonObject payload = new JsonObject(jws.getPayload());
      assertClaims(payload, credential);
      assertCredential(credential);
      return new Verified(compact, header, payload, credential, key);
    } catch (JoseException e) {
      throw new AssertionError("the VC-JWT does not verify: " + e.getMessage(), e);
    }
  }

  /** Whether a signature made over {@code compact} with its payload replaced still verifies (it must not). */
  static boolean verifiesWithPayload(String compact, JsonObject payload, JsonWebKey key) {
    String[] parts = compact.split("\\.");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
      .encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(forged);
      jws.setKey(key.getKey());
      return jws.verifySignature();
    } catch (JoseException e) {
      return false;
    }
  }

  /**
   * The JWT claims of Open Badges 3.0 (its "JWT Payload Format" and "Verify a Credential VC-JWT Signature"): iss =
   * issuer.id, jti = id, sub = credentialSubject.id, nbf = validFrom, exp only with a validUntil; the payload is the
   * credential plus these claims.
   */
  static void assertClaims(JsonObject payload, JsonObject credential) {
    assertThat(payload.getString("iss")).isEqualTo(credential.getJsonObject("issuer").getString("id"));
    assertThat(payload.getString("jti")).isEqualTo(credential.getString("id"));
    assertThat(payload.getString("sub")).isEqualTo(credential.getJsonObject("credentialSubject").getString("id"));
    assertThat(Instant.ofEpochSecond(payload.getLong("nbf"))).isEqualTo(Instant.parse(credential.getString("validFrom")));
    assertThat(Instant.ofEpochSecond(payload.getLong("nbf"))).as("valid from a time passed").isBeforeOrEqualTo(Instant.now());
    assertThat(payload.containsKey("exp")).isEqualTo(credential.containsKey("validUntil"));
    JsonObject credentialPart = payload.copy();
    List.of("iss", "jti", "sub", "nbf").forEach(credentialPart::remove);
    assertThat(credentialPart).as("the JWT's credential is the credential's JSON").isEqualTo(credential);
  }

  /** The required properties of an OpenBadgeCredential (AchievementCredential) and of what it contains. */
  static void assertCredential(JsonObject credential) {
    assertSerialization(credential, "credential");
    JsonArray context = credential.getJsonArray("@context");
    assertThat(context.size()).isGreaterThanOrEqualTo(2);
    assertThat(context.getString(0)).isEqualTo(VC_CONTEXT);
    assertThat(context.getString(1)).matches(OB_CONTEXT);
    assertUri(credential.getString("id"));
    assertThat(types(credential)).contains("VerifiableCredential").containsAnyOf("OpenBadgeCredential",
      "AchievementCredential");
    assertProfile(credential.getJsonObject("issuer"));
    assertThat(Instant.parse(credential.getString("validFrom"))).isNotNull();
    assertThat(credential.getString("name")).isNotBlank();

    JsonObject subject = credential.getJsonObject("credentialSubject");
    assertThat(types(subject)).contains("AchievementSubject");
    assertThat(subject.containsKey("id") || subject.containsKey("identifier"))
      .as("the recipient is identified by an id and/or an identifier").isTrue();
    if (subject.containsKey("id")) {
      assertUri(subject.getString("id"));
    }
    for (Object item : subject.getJsonArray("identifier", new JsonArray())) {
      JsonObject identity = (JsonObject) item;
      assertThat(identity.fieldNames()).isSubsetOf("type", "hashed", "identityHash", "identityType", "salt")
        .contains("type", "hashed", "identityHash", "identityType");
      assertThat(identity.getString("type")).isEqualTo("IdentityObject");
      assertThat(identity.getValue("hashed")).isInstanceOf(Boolean.class);
      assertThat(identity.getString("identityType")).satisfiesAnyOf(
        type -> assertThat(IDENTITY_TYPES).contains(type), type -> assertThat(type).matches("ext:[A-Za-z0-9.|_-]+"));
      if (identity.getBoolean("hashed")) {
        assertThat(identity.getString("identityHash")).matches("(sha256\\$[0-9a-fA-F]{64}|md5\\$[0-9a-fA-F]{32})");
      }
    }
    assertAchievement(subject.getJsonObject("achievement"));
    JsonObject status = credential.getJsonObject("credentialStatus");
    if (status != null) {
      assertUri(status.getString("id"));
      assertThat(status.getString("type")).isNotBlank();
    }
  }

  /** The required properties of an Achievement. */
  static void assertAchievement(JsonObject achievement) {
    assertSerialization(achievement, "achievement");
    assertUri(achievement.getString("id"));
    assertThat(types(achievement)).contains("Achievement");
    assertThat(achievement.getString("name")).isNotBlank();
    assertThat(achievement.getString("description")).isNotBlank();
    JsonObject criteria = achievement.getJsonObject("criteria");
    assertThat(criteria.containsKey("id") || criteria.containsKey("narrative")).as("criteria has an id or a narrative")
      .isTrue();
    JsonObject image = achievement.getJsonObject("image");
    if (image != null) {
      assertThat(image.fieldNames()).isSubsetOf("id", "type", "caption").contains("id", "type");
      assertThat(image.getString("type")).isEqualTo("Image");
      assertUri(image.getString("id"));
    }
    if (achievement.containsKey("creator")) {
      assertProfile(achievement.getJsonObject("creator"));
    }
  }

  /** The required properties of a Profile. */
  static void assertProfile(JsonObject profile) {
    assertUri(profile.getString("id"));
    assertThat(types(profile)).contains("Profile");
  }

  /**
   * Whether the credential's status method says it was revoked: its credentialStatus is a 1EdTech Revocation List,
   * fetched from the URL it gives, listing the credential's id with {@code revoked} true or absent.
   */
  boolean revoked(JsonObject credential) {
    JsonObject status = credential.getJsonObject("credentialStatus");
    assertThat(status.getString("type")).isEqualTo("1EdTechRevocationList");
    Fetched list = get(status.getString("id"), "application/json");
    assertThat(list.status()).as("GET %s", status.getString("id")).isEqualTo(200);
    JsonArray revoked = list.json().getJsonArray("revokedCredentials");
    assertThat(revoked).as("the list of revoked credentials").isNotNull();
    return revoked.stream().map(JsonObject.class::cast)
      .anyMatch(entry -> entry.getString("id").equals(credential.getString("id")) && entry.getBoolean("revoked", true));
  }

  /** {@code sha256$<hex>} of a known identifier and the salt, as a verifier computes it to check the recipient. */
  static String identityHash(String knownIdentifier, String salt) {
    try {
      return "sha256$" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest((knownIdentifier + salt).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The thumbprint of a JWK (RFC 7638, SHA-256), computed by jose4j. */
  static String thumbprint(JsonWebKey key) {
    return key.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
  }

  private static List<String> types(JsonObject object) {
    Object type = object.getValue("type");
    if (type instanceof String single) {
      return List.of(single);
    }
    assertThat(type).as("type of %s", object.encode()).isInstanceOf(JsonArray.class);
    return ((JsonArray) type).stream().map(String.class::cast).toList();
  }

  private static void assertUri(String value) {
    assertThat(value).isNotBlank();
    assertThat(URI.create(value).isAbsolute()).as("%s is an absolute URI", value).isTrue();
  }

  /** Open Badges' JSON serialization: no null values and no empty arrays, anywhere. */
  private static void assertSerialization(Object value, String path) {
    if (value instanceof JsonObject object) {
      object.forEach(entry -> {
        assertThat(entry.getValue()).as("%s.%s is not null", path, entry.getKey()).isNotNull();
        assertSerialization(entry.getValue(), path + "." + entry.getKey());
      });
    } else if (value instanceof JsonArray array) {
      assertThat(array).as("%s is not an empty array", path).isNotEmpty();
      for (int i = 0; i < array.size(); i++) {
        assertSerialization(array.getValue(i), path + "[" + i + "]");
      }
    }
  }
}
