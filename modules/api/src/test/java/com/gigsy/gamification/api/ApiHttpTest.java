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

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP surface besides GraphQL itself: health, the SDL, CORS and GraphiQL. Variants of the
 * configuration run as extra API verticles next to the service, on the same database.
 */
class ApiHttpTest {

  private static final String ALLOWED_ORIGIN = "https://app.gigsy.test";
  private static final String TOKEN = TestTokens.user("http-test-user");

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE).configured(c -> c.with(Setting.ROLES, "api"));

  @Test
  @DisplayName("/health/live answers 200")
  void live() {
    Response response = get(SERVICE.httpPort(), "/health/live");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getString("status")).isEqualTo("UP");
  }

  @Test
  @DisplayName("/health/ready answers 200 when PostgreSQL and Kafka are reachable")
  void ready() {
    Response response = get(SERVICE.httpPort(), "/health/ready");

    assertThat(response.status()).isEqualTo(200);
    JsonObject body = response.json();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("checks").getMap()).containsEntry("postgres", "UP").containsEntry("kafka", "UP");
  }

  @Test
  @DisplayName("/health/ready answers 503 naming Kafka when no broker answers, while liveness stays 200")
  void notReadyWithoutKafka() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (ExtraApi api = ExtraApi.beside(SERVICE, c -> c.with(Setting.KAFKA_BOOTSTRAP, "127.0.0.1:" + closedPort).toJson())) {
      Response ready = get(api.port(), "/health/ready");
      Response live = get(api.port(), "/health/live");

      assertThat(ready.status()).isEqualTo(503);
      JsonObject body = ready.json();
      assertThat(body.getString("status")).isEqualTo("DOWN");
      assertThat(body.getJsonArray("down").getList()).containsExactly("kafka");
      assertThat(body.getJsonObject("checks").getString("postgres")).isEqualTo("UP");
      assertThat(live.status()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("/graphql/schema.graphql serves the SDL, with the contract's types and the subscription")
  void schema() {
    Response response = get(SERVICE.httpPort(), "/graphql/schema.graphql");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("text/plain");
    assertThat(response.body())
      .contains("type Query", "type Mutation", "type Subscription", "rewardGranted(userId: ID!): Reward!",
        "scalar Long", "scalar DateTime", "input RuleInput", "enum RewardType");
  }

  @Test
  @DisplayName("/graphql answers GET and POST, including a JSON content type with a charset and an application/graphql body")
  void graphqlTransports() {
    GraphQLClient client = SERVICE.graphql(TOKEN);
    Response get = client.get("{ titles { id } }");
    Response json = client.request("POST", "/graphql", Map.of("Content-Type", "application/json; charset=utf-8"),
      "{\"query\":\"{ titles { id } }\"}");
    Response sdl = client.request("POST", "/graphql", Map.of("Content-Type", "application/graphql"), "{ titles { id } }");

    for (Response response : List.of(get, json, sdl)) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Content-Type")).startsWith("application/json");
      assertThat(response.json().getJsonObject("data").getJsonArray("titles")).isNotNull();
    }
  }

  @Test
  @DisplayName("a client asking to upgrade to cleartext HTTP/2 (the JDK's default) is answered over HTTP/1.1")
  void noCleartextHttp2Upgrade() throws Exception {
    HttpClient jdk = HttpClient.newHttpClient();
    assertThat(jdk.version()).isEqualTo(HttpClient.Version.HTTP_2);
    java.net.http.HttpResponse<String> response = jdk.send(
      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVICE.httpPort() + "/graphql"))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ titles { id } }\"}"))
        .build(),
      java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(new JsonObject(response.body()).getJsonObject("data").getJsonArray("titles")).isNotNull();
  }

  @Test
  @DisplayName("with CORS origins configured, a preflight from an allowed origin is accepted and other origins are refused")
  void corsForConfiguredOrigins() {
    try (ExtraApi api = ExtraApi.beside(SERVICE, c -> c.with(Setting.CORS_ORIGINS, ALLOWED_ORIGIN).toJson())) {
      Response preflight = preflight(api.port(), ALLOWED_ORIGIN);
      Response post = new GraphQLClient(api.port(), TOKEN).request("POST", "/graphql",
        Map.of("Origin", ALLOWED_ORIGIN, "Content-Type", "application/json"), new JsonObject().put("query", "{ badges { id } }").encode());
      Response foreign = preflight(api.port(), "https://evil.test");

      assertThat(preflight.status()).isEqualTo(204);
      assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
      assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
      assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
      assertThat(post.status()).isEqualTo(200);
      assertThat(post.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
      assertThat(foreign.status()).isEqualTo(403);
      assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
    }
  }

  @Test
  @DisplayName("with CORS origins set to *, any origin may call /graphql")
  void corsForAnyOrigin() {
    try (ExtraApi api = ExtraApi.beside(SERVICE, c -> c.with(Setting.CORS_ORIGINS, "*").toJson())) {
      Response preflight = preflight(api.port(), "https://anywhere.test");

      assertThat(preflight.status()).isEqualTo(204);
      assertThat(preflight.header("Access-Control-Allow-Origin")).isIn("*", "https://anywhere.test");
    }
  }

  @Test
  @DisplayName("without CORS origins, no cross-origin access is granted")
  void noCorsByDefault() {
    try (ExtraApi api = ExtraApi.beside(SERVICE, c -> c.with(Setting.CORS_ORIGINS, null).toJson())) {
      assertThat(preflight(api.port(), ALLOWED_ORIGIN).header("Access-Control-Allow-Origin")).isNull();
    }
  }

  @Test
  @DisplayName("GraphiQL is served in dev mode only")
  void graphiqlInDevModeOnly() {
    assertThat(get(SERVICE.httpPort(), "/graphiql/").status()).isEqualTo(404);
    try (ExtraApi api = ExtraApi.beside(SERVICE, c -> c.toJson().put("devMode", true))) {
      Response page = get(api.port(), "/graphiql/");

      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("Content-Type")).startsWith("text/html");
    }
  }

  private static Response get(int port, String path) {
    return new GraphQLClient(port, null).request("GET", path, Map.of(), null);
  }

  private static Response preflight(int port, String origin) {
    return new GraphQLClient(port, null).request("OPTIONS", "/graphql", Map.of("Origin", origin,
      "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type, authorization"), null);
  }
}
