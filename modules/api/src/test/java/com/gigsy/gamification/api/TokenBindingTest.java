package com.gigsy.gamification.api;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tokens bound to this service (CONTRACT §11): GAMIFICATION_JWT_AUDIENCE in aud (string or array) or azp,
 * GAMIFICATION_JWT_LEEWAY (default 30 s) on exp, nbf and iat, and production mode's refusal of plain-http key sets and
 * short secrets.
 */
class TokenBindingTest {

  private static final String AUDIENCE = "gigsy-gamification";

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE)
    .configured(c -> c.with(Setting.JWT_AUDIENCE, AUDIENCE));

  private static int status(JsonObject claims) {
    return SERVICE.graphql(TestTokens.hs256(TestStack.JWT_SECRET, claims)).send("{ badges { id } }", new JsonObject())
      .status();
  }

  private static JsonObject claims() {
    return TestTokens.claims("bound-user");
  }

  @Test
  @DisplayName("A token must name this service in aud (a string or an array) or azp; another audience or none is 401")
  void audience() {
    assertThat(status(claims().put("aud", AUDIENCE))).isEqualTo(200);
    assertThat(status(claims().put("aud", new JsonArray().add("other").add(AUDIENCE)))).isEqualTo(200);
    assertThat(status(claims().put("azp", AUDIENCE))).isEqualTo(200);
    assertThat(status(claims().put("aud", "another-service"))).isEqualTo(401);
    assertThat(status(claims())).isEqualTo(401);
  }

  @Test
  @DisplayName("The default leeway of 30 s admits a token issued by a clock 10 s ahead or expired 10 s ago, not one expired a minute ago")
  void leeway() {
    long now = Instant.now().getEpochSecond();
    assertThat(status(claims().put("aud", AUDIENCE).put("iat", now + 10).put("nbf", now + 10))).isEqualTo(200);
    assertThat(status(claims().put("aud", AUDIENCE).put("iat", now - 600).put("exp", now - 10))).isEqualTo(200);
    assertThat(status(claims().put("aud", AUDIENCE).put("iat", now - 600).put("exp", now - 60))).isEqualTo(401);
  }

  @Test
  @DisplayName("Production mode refuses a JWK set over plain http (but from this machine) and an HS256 secret under 32 bytes")
  void productionKeys() {
    Map<String, String> base = Map.of(Setting.PG_URL.variable(), "postgresql://u:p@127.0.0.1:5432/db",
      Setting.KAFKA_BOOTSTRAP.variable(), "127.0.0.1:9092");
    assertThatThrownBy(() -> production(base, Setting.JWKS_URL, "http://idp.example.com/.well-known/jwks.json"))
      .hasMessageContaining("GAMIFICATION_JWKS_URL must be an https URL");
    assertThatThrownBy(() -> production(base, Setting.JWT_SECRET, "short-secret"))
      .hasMessageContaining("GAMIFICATION_JWT_SECRET must be at least 32 bytes");
    production(base, Setting.JWKS_URL, "https://idp.example.com/.well-known/jwks.json");
    production(base, Setting.JWKS_URL, "http://127.0.0.1:8000/jwks.json");
    assertThat(GamificationConfig.fromEnvironment(Map.of(Setting.JWT_SECRET.variable(), "short-secret"), true)
      .jwtSecret()).as("dev mode only warns").isEqualTo("short-secret");
  }

  private static GamificationConfig production(Map<String, String> base, Setting setting, String value) {
    Map<String, String> env = new java.util.HashMap<>(base);
    env.put(setting.variable(), value);
    return GamificationConfig.fromEnvironment(env, false);
  }
}
