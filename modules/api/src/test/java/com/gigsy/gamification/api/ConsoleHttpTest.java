package com.gigsy.gamification.api;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.GraphQLClient.Response;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin console as the api serves it: on its own port, beside /graphql, and allowed to call it from its origin. */
class ConsoleHttpTest {

  private static final String QUERY = new JsonObject().put("query", "{ badges { id } }").encode();

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE).configured(c -> c.with(Setting.ROLES, "api"));

  @Test
  @DisplayName("the api serves the console on /admin with its Content-Security-Policy")
  void served() {
    Response page = new GraphQLClient(SERVICE.httpPort(), null).request("GET", "/admin", Map.of(), null);
    Response script = new GraphQLClient(SERVICE.httpPort(), null).request("GET", "/admin/app.js", Map.of(), null);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'");
    assertThat(script.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("with CORS origins configured, the service's own origin (the console) may POST /graphql; others still may not")
  void ownOriginPassesCors() {
    try (ExtraApi api = ExtraApi.beside(SERVICE, c -> c.with(Setting.CORS_ORIGINS, "https://app.gigsy.test").toJson())) {
      GraphQLClient client = new GraphQLClient(api.port(), TestTokens.user("console-user"));
      String own = "127.0.0.1:" + api.port();
      Response plain = client.request("POST", "/graphql",
        Map.of("Origin", "http://" + own, "Content-Type", "application/json"), QUERY);
      Response behindTls = client.request("POST", "/graphql",
        Map.of("Origin", "https://" + own, "Content-Type", "application/json"), QUERY);
      Response otherPort = client.request("POST", "/graphql",
        Map.of("Origin", "http://127.0.0.1:1", "Content-Type", "application/json"), QUERY);
      Response foreign = client.request("POST", "/graphql",
        Map.of("Origin", "https://evil.test", "Content-Type", "application/json"), QUERY);

      assertThat(plain.status()).isEqualTo(200);
      assertThat(plain.json().getJsonObject("data").getJsonArray("badges")).isNotNull();
      assertThat(behindTls.status()).isEqualTo(200);
      assertThat(otherPort.status()).isEqualTo(403);
      assertThat(foreign.status()).isEqualTo(403);
    }
  }
}
