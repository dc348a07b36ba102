package com.gigsy.gamification.api.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import io.vertx.core.json.JsonObject;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;

/**
 * The key that signs credentials (RS256, through nimbus-jose-jwt), with its public half as a JWK and its RFC 7638
 * thumbprint, the stable part of its {@code kid}. Thread-safe.
 *
 * @param thumbprint the SHA-256 JWK thumbprint, base64url
 * @param publicJwk the public key only: {@code kty}, {@code n}, {@code e}
 */
record IssuerKey(String thumbprint, JsonObject publicJwk, JWSSigner signer) {

  static IssuerKey of(RSAPrivateCrtKey privateKey) {
    try {
      RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
        .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
      RSAKey jwk = new RSAKey.Builder(publicKey).build();
      return new IssuerKey(jwk.computeThumbprint().toString(), new JsonObject(jwk.toJSONObject()),
        new RSASSASigner(privateKey));
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException("the issuer key cannot be used: " + e.getMessage(), e);
    }
  }

  /**
   * The compact JWS of {@code payload} (a JSON text, signed as it is), with the JOSE header Open Badges 3.0 asks for:
   * {@code alg} RS256, {@code kid} (a URL of the public key), {@code typ} JWT, nothing else. Deterministic: RSASSA
   * PKCS#1 v1.5 signs the same payload the same way.
   */
  String sign(String payload, String kid) {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build();
    JWSObject jws = new JWSObject(header, new Payload(payload));
    try {
      jws.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a credential failed: " + e.getMessage(), e);
    }
    return jws.serialize();
  }
}
