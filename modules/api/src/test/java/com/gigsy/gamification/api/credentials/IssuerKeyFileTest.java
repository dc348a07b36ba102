package com.gigsy.gamification.api.credentials;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The issuer key file: what is accepted, what is refused and how the refusal reads; the signature's header. */
class IssuerKeyFileTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a generated key reads back as an RSA key of 2048 bits with a stable RFC 7638 thumbprint and a public JWK")
  void generatedKeyReadsBack() throws IOException {
    Path file = write("issuer.pem", IssuerKeyFile.generatePem());

    IssuerKey first = IssuerKeyFile.read(file);
    IssuerKey again = IssuerKeyFile.read(file);

    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
    assertThat(first.thumbprint()).matches("[A-Za-z0-9_-]{43}").isEqualTo(again.thumbprint());
    assertThat(first.publicJwk().fieldNames()).containsExactlyInAnyOrder("kty", "n", "e");
    assertThat(Base64.getUrlDecoder().decode(first.publicJwk().getString("n"))).hasSize(256);
    assertThat(IssuerKeyFile.read(write("other.pem", IssuerKeyFile.generatePem())).thumbprint())
      .isNotEqualTo(first.thumbprint());
  }

  @Test
  @DisplayName("a key among other PEM blocks (a certificate first) is found")
  void keyAfterACertificate() throws IOException {
    String pem = IssuerKeyFile.generatePem();
    Path file = write("chain.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" + pem);

    assertThat(IssuerKeyFile.read(file).thumbprint()).isEqualTo(IssuerKeyFile.read(write("key.pem", pem)).thumbprint());
  }

  @Test
  @DisplayName("the signature's JOSE header is alg RS256, kid and typ JWT, nothing else, and the payload is signed as given")
  void signatureHeader() throws IOException {
    IssuerKey key = IssuerKeyFile.read(write("issuer.pem", IssuerKeyFile.generatePem()));

    String[] jws = key.sign("{\"a\":1}", "https://badges.test/ob/v3/keys/" + key.thumbprint()).split("\\.");

    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(jws[0]), StandardCharsets.UTF_8));
    assertThat(header).isEqualTo(new JsonObject().put("alg", "RS256").put("typ", "JWT")
      .put("kid", "https://badges.test/ob/v3/keys/" + key.thumbprint()));
    assertThat(new String(Base64.getUrlDecoder().decode(jws[1]), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(Base64.getUrlDecoder().decode(jws[2])).hasSize(256);
  }

  @Test
  @DisplayName("refused, each with a message naming the setting, the file and what to do: a missing file, PKCS#1, an"
    + " encrypted key, an EC key, a short RSA key, no key at all")
  void refusals() throws IOException, GeneralSecurityException {
    Path missing = dir.resolve("missing.pem");
    Path pkcs1 = write("pkcs1.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
    Path encrypted = write("encrypted.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----\n");
    Path ec = write("ec.pem", pkcs8(generate("EC", 256)));
    Path shortRsa = write("short.pem", pkcs8(generate("RSA", 1024)));
    Path empty = write("empty.pem", "just text\n");

    assertRefused(missing, "no such file");
    assertRefused(pkcs1, "PKCS#1", "openssl pkcs8 -topk8 -nocrypt");
    assertRefused(encrypted, "is encrypted");
    assertRefused(ec, "is not an RSA private key");
    assertRefused(shortRsa, "1024 bits; at least 2048");
    assertRefused(empty, "holds no PEM private key", "openssl genpkey -algorithm RSA");
  }

  private static void assertRefused(Path file, String... message) {
    assertThatThrownBy(() -> IssuerKeyFile.read(file)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageStartingWith("GAMIFICATION_ISSUER_KEY: " + file + " ")
      .hasMessageContainingAll(message);
  }

  private static PrivateKey generate(String algorithm, int size) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    generator.initialize(size);
    return generator.generateKeyPair().getPrivate();
  }

  private static String pkcs8(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
      + "\n-----END PRIVATE KEY-----\n";
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
