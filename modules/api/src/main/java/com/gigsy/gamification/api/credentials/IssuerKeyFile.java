package com.gigsy.gamification.api.credentials;

import com.gigsy.gamification.core.Setting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issuer's private key as a file: an unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) of an RSA key of
 * at least {@value #MIN_BITS} bits, what {@code openssl genpkey -algorithm RSA} writes. RSA because Open Badges 3.0
 * requires every verifier to support RS256 (other algorithms "limit interoperability"). Dev mode keeps one made by
 * {@link #generatePem()}; production names its own with {@code GAMIFICATION_ISSUER_KEY}.
 */
public final class IssuerKeyFile {

  /** The smallest RSA key accepted (RFC 7518 §3.3), and the size of the keys dev mode generates. */
  static final int MIN_BITS = 2048;

  private static final Pattern PEM_BLOCK = Pattern.compile(
    "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  private static final String PKCS8 = "PRIVATE KEY";

  private IssuerKeyFile() {
  }

  /** A new RSA private key of {@value #MIN_BITS} bits as a PKCS#8 PEM text. */
  public static String generatePem() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(MIN_BITS);
      byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
      return "-----BEGIN " + PKCS8 + "-----\n" + body + "\n-----END " + PKCS8 + "-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate RSA keys", e);
    }
  }

  /**
   * The key in {@code file}. Blocking (reads the file).
   *
   * @throws IllegalArgumentException naming the setting, the file and what is wrong with it
   */
  static IssuerKey read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw problem(file, "no such file");
    } catch (IOException e) {
      throw problem(file, "cannot be read (" + e.getMessage() + ")");
    }
    return IssuerKey.of(privateKey(file, text));
  }

  private static RSAPrivateCrtKey privateKey(Path file, String text) {
    Matcher block = PEM_BLOCK.matcher(text);
    while (block.find()) {
      String label = block.group(1);
      switch (label) {
        case PKCS8 -> {
          return rsa(file, Base64.getMimeDecoder().decode(block.group(2)));
        }
        case "RSA PRIVATE KEY" -> throw problem(file, "is a PKCS#1 key; convert it to PKCS#8 with"
          + " 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out issuer-key.pem'");
        case "ENCRYPTED PRIVATE KEY" -> throw problem(file, "is encrypted; give an unencrypted PKCS#8 key (keep the"
          + " file readable by the service only)");
        case "EC PRIVATE KEY" -> throw problem(file, "is an EC key; credentials are signed with RS256: use an RSA key of"
          + " at least " + MIN_BITS + " bits");
        default -> {
          // a certificate or a public key beside the private key: look further
        }
      }
    }
    throw problem(file, "holds no PEM private key (-----BEGIN PRIVATE KEY-----); make one with"
      + " 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out issuer-key.pem'");
  }

  private static RSAPrivateCrtKey rsa(Path file, byte[] der) {
    PrivateKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw problem(file, "is not an RSA private key (credentials are signed with RS256)");
    }
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw problem(file, "is an RSA key without its public exponent and CRT parameters");
    }
    if (crt.getModulus().bitLength() < MIN_BITS) {
      throw problem(file, "is an RSA key of " + crt.getModulus().bitLength() + " bits; at least " + MIN_BITS
        + " are required");
    }
    return crt;
  }

  private static IllegalArgumentException problem(Path file, String what) {
    return new IllegalArgumentException(Setting.ISSUER_KEY.variable() + ": " + file + " " + what);
  }
}
