package com.gigsy.gamification.api;

import com.gigsy.gamification.api.ApiVerticle;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.runtime.RunningService;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP surface besides GraphQL itself: health, the SDL, CORS and GraphiQL. Variants of the
 * configuration run as extra API verticles next to the service, on the same database.
 */
@ExtendWith(VertxExtension.class)
class ApiHttpTest {

  private static final String ALLOWED_ORIGIN = "https://app.gigsy.test";
  private static final String BEARER = "Bearer " + TestTokens.user("http-test-user");

  private static Vertx vertx;
  private static GamificationConfig config;
  private static RunningService service;
  private static WebClient http;

  @BeforeAll
  static void start(Vertx injected) {
    vertx = injected;
    config = TestStack.get().config().with(Setting.ROLES, "api");
    service = Await.result(ApiService.SERVICE.start(vertx, config));
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    http.close();
    Await.result(service.stop());
  }

  @Test
  @DisplayName("/health/live answers 200")
  void live() {
    HttpResponse<Buffer> response = get(service.httpPort(), "/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  @DisplayName("/health/ready answers 200 when PostgreSQL and Kafka are reachable")
  void ready() {
    HttpResponse<Buffer> response = get(service.httpPort(), "/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
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
    withApi(c -> c.with(Setting.KAFKA_BOOTSTRAP, "127.0.0.1:" + closedPort).toJson(), api -> {
      HttpResponse<Buffer> ready = get(api.actualPort(), "/health/ready");
      HttpResponse<Buffer> live = get(api.actualPort(), "/health/live");

      assertThat(ready.statusCode()).isEqualTo(503);
      JsonObject body = ready.bodyAsJsonObject();
      assertThat(body.getString("status")).isEqualTo("DOWN");
      assertThat(body.getJsonArray("down").getList()).containsExactly("kafka");
      assertThat(body.getJsonObject("checks").getString("postgres")).isEqualTo("UP");
      assertThat(live.statusCode()).isEqualTo(200);
    });
  }

  @Test
  @DisplayName("/graphql/schema.graphql serves the SDL, with the contract's types and the subscription")
  void schema() {
    HttpResponse<Buffer> response = get(service.httpPort(), "/graphql/schema.graphql");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(response.bodyAsString())
      .contains("type Query", "type Mutation", "type Subscription", "rewardGranted(userId: ID!): Reward!",
        "scalar Long", "scalar DateTime", "input RuleInput", "enum RewardType");
  }

  @Test
  @DisplayName("/graphql answers GET and POST, including a JSON content type with a charset and an application/graphql body")
  void graphqlTransports() {
    HttpResponse<Buffer> get = Await.result(http.get(service.httpPort(), "127.0.0.1", "/graphql")
      .putHeader("Authorization", BEARER)
      .addQueryParam("query", "{ titles { id } }").send());
    HttpResponse<Buffer> json = Await.result(http.post(service.httpPort(), "127.0.0.1", "/graphql")
      .putHeader("Authorization", BEARER)
      .putHeader("Content-Type", "application/json; charset=utf-8")
      .sendBuffer(Buffer.buffer("{\"query\":\"{ titles { id } }\"}")));
    HttpResponse<Buffer> sdl = Await.result(http.post(service.httpPort(), "127.0.0.1", "/graphql")
      .putHeader("Authorization", BEARER)
      .putHeader("Content-Type", "application/graphql")
      .sendBuffer(Buffer.buffer("{ titles { id } }")));

    for (HttpResponse<Buffer> response : List.of(get, json, sdl)) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).startsWith("application/json");
      assertThat(response.bodyAsJsonObject().getJsonObject("data").getJsonArray("titles")).isNotNull();
    }
  }

  @Test
  @DisplayName("a client asking to upgrade to cleartext HTTP/2 (the JDK's default) is answered over HTTP/1.1")
  void noCleartextHttp2Upgrade() throws Exception {
    HttpClient jdk = HttpClient.newHttpClient();
    assertThat(jdk.version()).isEqualTo(HttpClient.Version.HTTP_2);
    java.net.http.HttpResponse<String> response = jdk.send(
      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/graphql"))
        .header("Authorization", BEARER)
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
    withApi(c -> c.with(Setting.CORS_ORIGINS, ALLOWED_ORIGIN).toJson(), api -> {
      HttpResponse<Buffer> preflight = preflight(api.actualPort(), ALLOWED_ORIGIN);
      HttpResponse<Buffer> post = Await.result(http.post(api.actualPort(), "127.0.0.1", "/graphql")
        .putHeader("Authorization", BEARER)
        .putHeader("Origin", ALLOWED_ORIGIN)
        .sendJsonObject(new JsonObject().put("query", "{ badges { id } }")));
      HttpResponse<Buffer> foreign = preflight(api.actualPort(), "https://evil.test");

      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
      assertThat(preflight.getHeader("Access-Control-Allow-Methods")).contains("POST");
      assertThat(preflight.getHeader("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
      assertThat(post.statusCode()).isEqualTo(200);
      assertThat(post.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
      assertThat(foreign.statusCode()).isEqualTo(403);
      assertThat(foreign.getHeader("Access-Control-Allow-Origin")).isNull();
    });
  }

  @Test
  @DisplayName("with CORS origins set to *, any origin may call /graphql")
  void corsForAnyOrigin() {
    withApi(c -> c.with(Setting.CORS_ORIGINS, "*").toJson(), api -> {
      HttpResponse<Buffer> preflight = preflight(api.actualPort(), "https://anywhere.test");

      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isIn("*", "https://anywhere.test");
    });
  }

  @Test
  @DisplayName("without CORS origins, no cross-origin access is granted")
  void noCorsByDefault() {
    withApi(c -> c.with(Setting.CORS_ORIGINS, null).toJson(), api ->
      assertThat(preflight(api.actualPort(), ALLOWED_ORIGIN).getHeader("Access-Control-Allow-Origin")).isNull());
  }

  @Test
  @DisplayName("GraphiQL is served in dev mode only")
  void graphiqlInDevModeOnly() {
    assertThat(get(service.httpPort(), "/graphiql/").statusCode()).isEqualTo(404);
    withApi(c -> c.toJson().put("devMode", true), api -> {
      HttpResponse<Buffer> page = get(api.actualPort(), "/graphiql/");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    });
  }

  /** Runs {@code check} against an extra API verticle with a variant of the configuration, on port 0. */
  private static void withApi(Function<GamificationConfig, JsonObject> variant, Consumer<ApiVerticle> check) {
    ApiVerticle api = new ApiVerticle();
    JsonObject json = variant.apply(config.with(Setting.HTTP_PORT, "0"));
    String id = Await.result(vertx.deployVerticle(api, new DeploymentOptions().setConfig(json)));
    try {
      check.accept(api);
    } finally {
      Await.result(vertx.undeploy(id));
    }
  }

  private static HttpResponse<Buffer> get(int port, String path) {
    return Await.result(http.get(port, "127.0.0.1", path).send());
  }

  private static HttpResponse<Buffer> preflight(int port, String origin) {
    return Await.result(http.request(HttpMethod.OPTIONS, port, "127.0.0.1", "/graphql")
      .putHeader("Origin", origin)
      .putHeader("Access-Control-Request-Method", "POST")
      .putHeader("Access-Control-Request-Headers", "content-type, authorization")
      .send());
  }
}
