package com.gigsy.gamification.api;

import com.gigsy.gamification.api.OpenBadgesVerifier.Verified;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.embedded.Ports;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.InProcessService;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The issuer key over restarts (CONTRACT §9): a rotation keeps earlier credentials verifiable, a withdrawn key stops
 * verifying them, production without a key (or without a public URL) issues none and says why, and a key file that
 * cannot be used stops the start naming the setting. Each test starts the service itself, with the configuration
 * under test.
 */
class CredentialKeysTest {

  private final OpenBadgesVerifier verifier = new OpenBadgesVerifier();

  @Test
  @DisplayName("rotation: after a restart with a new key, the JWK set lists both keys, a credential signed with the old"
    + " one still verifies, the same credential is now signed with the new one; withdrawing the old key ends the first")
  void rotation() {
    int port = Ports.free();
    String base = "http://127.0.0.1:" + port;
    GamificationConfig config = TestStack.get().config()
      .with(Setting.HTTP_PORT, Integer.toString(port))
      .with(Setting.PUBLIC_URL, base);
    String user = "rotating-" + UUID.randomUUID();
    String url;
    String signedWithOld;
    try (InProcessService service = InProcessService.start(ApiService.SERVICE,
      config.with(Setting.ISSUER_KEY, IssuerKeys.newKeyFile().toString()))) {
      award(service, user);
      url = credentialUrls(service, user).get(0);
      signedWithOld = verifier.verify(url, base + "/.well-known/jwks.json").jwt();
    }

    try (InProcessService service = InProcessService.start(ApiService.SERVICE,
      config.with(Setting.ISSUER_KEY, IssuerKeys.newKeyFile().toString()))) {
      JsonWebKeySet keys = verifier.jwks(base + "/.well-known/jwks.json");
      JsonObject credential = verifier.get(url, "application/json").json();

      Verified old = verifier.verify(signedWithOld, credential, keys);
      Verified now = verifier.verify(url, base + "/.well-known/jwks.json");

      assertThat(keys.getJsonWebKeys()).hasSize(2);
      assertThat(credentialUrls(service, user)).containsExactly(url);
      assertThat(now.jwt()).isNotEqualTo(signedWithOld);
      assertThat(now.header().getString("kid")).isNotEqualTo(old.header().getString("kid"))
        .isEqualTo(keys.getJsonWebKeys().get(0).getKeyId());

      // a compromised key is withdrawn by deleting its row: what it signed no longer verifies
      Pool db = PgPools.create(service.vertx(), service.config(), "test", 1);
      try {
        Await.result(db.preparedQuery("DELETE FROM issuer_keys WHERE thumbprint = $1")
          .execute(Tuple.of(OpenBadgesVerifier.thumbprint(old.key()))));
      } finally {
        Await.result(db.close());
      }
      JsonWebKeySet remaining = verifier.jwks(base + "/.well-known/jwks.json");
      assertThat(remaining.getJsonWebKeys()).extracting(JsonWebKey::getKeyId).containsExactly(now.header().getString("kid"));
      assertThat(selectKey(signedWithOld, remaining)).as("no key of the JWK set verifies the old signature").isNull();
      assertThat(verifier.get(old.header().getString("kid"), null).status()).isEqualTo(404);
    }
  }

  @Test
  @DisplayName("production without an issuer key: credentialUrl is null for the owner, every credential route is 404"
    + " naming GAMIFICATION_ISSUER_KEY, and nothing is written")
  void productionWithoutKey() {
    GamificationConfig config = TestStack.get().config();
    try (InProcessService service = InProcessService.start(ApiService.SERVICE, config)) {
      String user = "keyless-" + UUID.randomUUID();
      award(service, user);

      assertThat(credentialUrls(service, user)).containsExactly((String) null);
      GraphQLClient anonymous = new GraphQLClient(service.httpPort(), null);
      for (String path : List.of("/.well-known/jwks.json", "/ob/v3/issuer", "/ob/v3/achievements/1",
        "/ob/v3/credentials/AAAAAAAAAAAAAAAAAAAAAA", "/ob/v3/status/AAAAAAAAAAAAAAAAAAAAAA")) {
        GraphQLClient.Response response = anonymous.request("GET", path, Map.of(), null);
        assertThat(response.status()).as(path).isEqualTo(404);
        assertThat(response.json().getString("error")).as(path).contains("not issued", "GAMIFICATION_ISSUER_KEY");
      }
      assertThat(rows(service, "SELECT count(*) FROM badge_credentials")).isZero();
      assertThat(rows(service, "SELECT count(*) FROM issuer_keys")).isZero();
    }
  }

  @Test
  @DisplayName("production with a key but no public URL issues no credentials either, naming GAMIFICATION_PUBLIC_URL")
  void productionWithoutPublicUrl() {
    GamificationConfig config = TestStack.get().config().with(Setting.ISSUER_KEY, IssuerKeys.newKeyFile().toString());
    try (InProcessService service = InProcessService.start(ApiService.SERVICE, config)) {
      String user = "urlless-" + UUID.randomUUID();
      award(service, user);

      assertThat(credentialUrls(service, user)).containsExactly((String) null);
      GraphQLClient.Response response = new GraphQLClient(service.httpPort(), null)
        .request("GET", "/.well-known/jwks.json", Map.of(), null);
      assertThat(response.status()).isEqualTo(404);
      assertThat(response.json().getString("error")).contains("GAMIFICATION_PUBLIC_URL");
    }
  }

  @Test
  @DisplayName("a key file that cannot be used stops the start, naming GAMIFICATION_ISSUER_KEY and the file")
  void unusableKeyStopsTheStart() throws IOException {
    Path file = TestStack.get().directory().resolve("not-a-key-" + UUID.randomUUID() + ".pem");
    Files.writeString(file, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    GamificationConfig config = TestStack.get().config().with(Setting.ISSUER_KEY, file.toString())
      .with(Setting.PUBLIC_URL, "https://badges.test");

    assertThatThrownBy(() -> InProcessService.start(ApiService.SERVICE, config).close())
      .hasStackTraceContaining("GAMIFICATION_ISSUER_KEY: " + file + " holds no PEM private key");
  }

  /** Gives the user a badge: a badge, a rule granting it, and the award as the engine writes it. */
  private static void award(InProcessService service, String user) {
    GraphQLClient admin = new GraphQLClient(service.httpPort(), TestTokens.admin());
    String badge = admin.data("mutation { createBadge(input: {name: \"Keys\", description: \"Kept\", iconUrl: "
      + "\"https://cdn.test/keys.png\"}) { id } }", new JsonObject()).getJsonObject("createBadge").getString("id");
    String rule = admin.data("mutation($b: ID!) { createRule(input: {eventName: \"keys.event\", description: \"d\", "
      + "badgeId: $b}) { id } }", new JsonObject().put("b", badge)).getJsonObject("createRule").getString("id");
    Pool db = PgPools.create(service.vertx(), service.config(), "test", 1);
    try {
      Await.result(db.preparedQuery("INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by) "
        + "VALUES ($1, $2, $3, 'e', 'test')").execute(Tuple.of(user, Long.parseLong(badge), Long.parseLong(rule))));
    } finally {
      Await.result(db.close());
    }
  }

  private static List<String> credentialUrls(InProcessService service, String user) {
    return new GraphQLClient(service.httpPort(), TestTokens.user(user))
      .data("query($u: ID!) { gamificationProfile(userId: $u) { badges { credentialUrl } } }", new JsonObject().put("u", user))
      .getJsonObject("gamificationProfile").getJsonArray("badges").stream()
      .map(b -> ((JsonObject) b).getString("credentialUrl")).toList();
  }

  private static long rows(InProcessService service, String sql) {
    Pool db = PgPools.create(service.vertx(), service.config(), "test", 1);
    try {
      return Await.result(db.query(sql).execute()).iterator().next().getLong(0);
    } finally {
      Await.result(db.close());
    }
  }

  /** The key of {@code keys} that would verify {@code compact}, by its header, or null. */
  private static JsonWebKey selectKey(String compact, JsonWebKeySet keys) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(compact);
      JsonWebKey key = new VerificationJwkSelector().select(jws, keys.getJsonWebKeys());
      if (key == null) {
        return null;
      }
      jws.setKey(key.getKey());
      return jws.verifySignature() ? key : null;
    } catch (JoseException e) {
      throw new AssertionError(e);
    }
  }
}
