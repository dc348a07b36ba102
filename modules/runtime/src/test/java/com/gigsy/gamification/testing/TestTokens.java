package com.gigsy.gamification.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Bearer tokens for tests, made here byte by byte (no JWT library), so the service's verification is
 * checked against tokens it did not make itself: HS256 with {@link TestStack#JWT_SECRET} or any secret,
 * RS256 with generated {@link RsaKey}s (and their JWK set), unsigned ({@code alg: none}) ones.
 */
public final class TestTokens {

  public static final Duration VALIDITY = Duration.ofHours(1);

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private TestTokens() {
  }

  /** A valid token of an ordinary user. */
  public static String user(String userId) {
    return hs256(TestStack.JWT_SECRET, claims(userId));
  }

  /** A valid admin token (claim {@code role: admin}) of a fresh admin user id. */
  public static String admin() {
    return admin("admin-" + UUID.randomUUID());
  }

  /** A valid admin token (claim {@code role: admin}) of this user id. */
  public static String admin(String userId) {
    return hs256(TestStack.JWT_SECRET, claims(userId).put("role", "admin"));
  }

  /** {@code sub}, {@code iat} now, {@code exp} in an hour. */
  public static JsonObject claims(String userId) {
    Instant now = Instant.now();
    return new JsonObject()
      .put("sub", userId)
      .put("iat", now.getEpochSecond())
      .put("exp", now.plus(VALIDITY).getEpochSecond());
  }

  public static String hs256(String secret, JsonObject claims) {
    String signingInput = encode(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsecured JWT ({@code alg: none}, empty signature), as an attacker would send one. */
  public static String unsigned(JsonObject claims) {
    return encode(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + encode(claims) + ".";
  }

  public static String encode(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** An RSA key pair with a key id, able to sign RS256 tokens and to show itself as a JWK. */
  public static final class RsaKey {

    private final KeyPair pair;
    private final String kid;

    public RsaKey(String kid) {
      this.kid = kid;
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.pair = generator.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** This key's public half as a JWK; {@code kid} may differ from the signing one (to forge a key id). */
    public JsonObject jwk() {
      RSAPublicKey key = (RSAPublicKey) pair.getPublic();
      return new JsonObject()
        .put("kty", "RSA")
        .put("use", "sig")
        .put("alg", "RS256")
        .put("kid", kid)
        .put("n", unsigned(key.getModulus()))
        .put("e", unsigned(key.getPublicExponent()));
    }

    /** A JWK set of these keys. */
    public static JsonObject set(RsaKey... keys) {
      JsonArray array = new JsonArray();
      for (RsaKey key : keys) {
        array.add(key.jwk());
      }
      return new JsonObject().put("keys", array);
    }

    public String sign(JsonObject claims) {
      return signAs(kid, claims);
    }

    /** Signed with this key but naming another key id in the header. */
    public String signAs(String headerKid, JsonObject claims) {
      String signingInput = encode(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", headerKid)) + "." + encode(claims);
      try {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(pair.getPrivate());
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + BASE64URL.encodeToString(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static String unsigned(BigInteger value) {
      byte[] bytes = value.toByteArray();
      if (bytes.length > 1 && bytes[0] == 0) {
        byte[] trimmed = new byte[bytes.length - 1];
        System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
        bytes = trimmed;
      }
      return BASE64URL.encodeToString(bytes);
    }
  }
}
