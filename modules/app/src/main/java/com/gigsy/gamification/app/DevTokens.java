package com.gigsy.gamification.app;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** HS256 bearer tokens for dev mode, signed with the dev secret, so the API can be tried at once. */
final class DevTokens {

  static final Duration VALIDITY = Duration.ofDays(365);
  static final String ADMIN = "admin";
  static final String DEMO_USER = "demo-user";

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private DevTokens() {
  }

  /** A token for the admin (claims {@code sub=admin}, {@code role=admin}). */
  static String admin(String secret, Instant now) {
    return sign(secret, claims(ADMIN, now).put("role", "admin"));
  }

  /** A token for an ordinary user. */
  static String user(String secret, String userId, Instant now) {
    return sign(secret, claims(userId, now));
  }

  private static JsonObject claims(String subject, Instant now) {
    return new JsonObject()
      .put("sub", subject)
      .put("iat", now.getEpochSecond())
      .put("exp", now.plus(VALIDITY).getEpochSecond());
  }

  /** A compact JWS: base64url(header).base64url(claims).base64url(HMAC-SHA256 of the two), key = the secret's UTF-8. */
  static String sign(String secret, JsonObject claims) {
    String header = encode(new JsonObject().put("alg", "HS256").put("typ", "JWT"));
    String signingInput = header + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static String encode(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
