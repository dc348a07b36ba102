package com.gigsy.gamification.api;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.runtime.RunningService;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import graphql.introspection.IntrospectionQuery;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every failure a client can cause is answered with a contract code (CONTRACT §5), and nothing internal leaks. */
@ExtendWith(VertxExtension.class)
class GraphQLErrorsTest {

  private static final String BEARER = "Bearer " + TestTokens.admin();

  private static RunningService service;
  private static WebClient http;
  private static Pool db;

  @BeforeAll
  static void start(Vertx vertx) {
    GamificationConfig config = TestStack.get().config().with(Setting.ROLES, "api");
    service = Await.result(ApiService.SERVICE.start(vertx, config));
    http = WebClient.create(vertx);
    db = PgPools.create(vertx, config, "test", 1);
  }

  @AfterAll
  static void stop() {
    http.close();
    Await.result(db.close());
    Await.result(service.stop());
  }

  @Test
  @DisplayName("a document that does not parse is GRAPHQL_PARSE_FAILED")
  void parseFailure() {
    JsonObject error = firstError(graphql("{ badges { id ", new JsonObject()));

    assertThat(code(error)).isEqualTo("GRAPHQL_PARSE_FAILED");
  }

  @Test
  @DisplayName("a field the schema does not have, or a literal of the wrong type, is GRAPHQL_VALIDATION_FAILED")
  void validationFailure() {
    assertThat(code(firstError(graphql("{ badges { id colour } }", new JsonObject()))))
      .isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(code(firstError(graphql("{ leaderboard(limit: \"ten\") { computedAt } }", new JsonObject()))))
      .isEqualTo("GRAPHQL_VALIDATION_FAILED");
  }

  @Test
  @DisplayName("a variable whose value does not fit its type is BAD_USER_INPUT")
  void badVariable() {
    JsonObject error = firstError(graphql("query($n: Int) { leaderboard(limit: $n) { computedAt } }",
      new JsonObject().put("n", "ten")));

    assertThat(code(error)).isEqualTo("BAD_USER_INPUT");
  }

  @Test
  @DisplayName("arguments outside their bounds are BAD_USER_INPUT with a message naming the argument")
  void badArguments() {
    JsonObject limit = firstError(graphql("{ leaderboard(limit: 0) { computedAt } }", new JsonObject()));
    JsonObject userId = firstError(graphql("query($u: ID!) { gamificationProfile(userId: $u) { totalPoints } }",
      new JsonObject().put("u", "x".repeat(129))));
    JsonObject eventName = firstError(graphql("{ rules(eventName: \"Course Completed\") { id } }", new JsonObject()));

    assertThat(code(limit)).isEqualTo("BAD_USER_INPUT");
    assertThat(limit.getString("message")).contains("'limit'");
    assertThat(code(userId)).isEqualTo("BAD_USER_INPUT");
    assertThat(userId.getString("message")).contains("'userId'");
    assertThat(code(eventName)).isEqualTo("BAD_USER_INPUT");
    assertThat(eventName.getString("message")).contains("'eventName'");
  }

  @Test
  @DisplayName("a query nested deeper than the limit is refused as GRAPHQL_VALIDATION_FAILED before anything runs")
  void tooDeep() {
    String nested = "__schema { types { fields { type " + "{ ofType ".repeat(12) + "{ name }" + " }".repeat(12) + " } } }";

    JsonObject response = graphql("{ badges { id } " + nested + " }", new JsonObject());

    JsonObject error = firstError(response);
    assertThat(code(error)).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(error.getString("message")).contains("nested too deeply");
    assertThat(response.getValue("data")).isNull();
  }

  @Test
  @DisplayName("introspection nested beyond reason is refused as GRAPHQL_VALIDATION_FAILED")
  void badFaithIntrospection() {
    String nested = "{ __schema { types { fields { type " + "{ ofType ".repeat(25) + "{ name }" + " }".repeat(25) + " } } } }";

    assertThat(code(firstError(graphql(nested, new JsonObject())))).isEqualTo("GRAPHQL_VALIDATION_FAILED");
  }

  @Test
  @DisplayName("the standard introspection query that GraphiQL and code generators send is answered")
  void standardIntrospection() {
    JsonObject response = graphql(IntrospectionQuery.INTROSPECTION_QUERY, new JsonObject());

    assertThat(response.containsKey("errors")).as("errors: %s", response.getValue("errors")).isFalse();
    assertThat(response.getJsonObject("data").getJsonObject("__schema").getJsonArray("types")).isNotEmpty();
  }

  @Test
  @DisplayName("a query selecting more fields than the complexity limit is refused as GRAPHQL_VALIDATION_FAILED")
  void tooComplex() {
    String query = IntStream.range(0, 130).mapToObj(i -> "b" + i + ": badges { id }").collect(Collectors.joining(" ", "{ ", " }"));

    JsonObject error = firstError(graphql(query, new JsonObject()));

    assertThat(code(error)).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(error.getString("message")).contains("complex");
  }

  @Test
  @DisplayName("an unexpected failure is INTERNAL with a correlation id, and neither SQL nor its cause reaches the client")
  void internalFailure() {
    // this test's own database loses the titles table for a moment: the query fails inside PostgreSQL
    Await.result(db.query("ALTER TABLE titles RENAME TO titles_hidden").execute());
    JsonObject response;
    try {
      response = graphql("{ titles { id name } }", new JsonObject());
    } finally {
      Await.result(db.query("ALTER TABLE titles_hidden RENAME TO titles").execute());
    }

    JsonObject error = firstError(response);
    assertThat(code(error)).isEqualTo("INTERNAL");
    String correlationId = error.getJsonObject("extensions").getString("correlationId");
    assertThat(correlationId).isNotBlank();
    assertThat(error.getString("message")).contains(correlationId)
      .doesNotContain("\"titles\"").doesNotContain("does not exist").doesNotContainIgnoringCase("exception");
    assertThat(response.encode()).doesNotContain("42P01").doesNotContain("at io.vertx");
  }

  @Test
  @DisplayName("a subscription sent over plain HTTP is BAD_REQUEST: subscriptions are served over WebSocket")
  void subscriptionOverHttp() {
    JsonObject error = firstError(graphql("subscription { rewardGranted(userId: \"u\") { rewardId } }", new JsonObject()));

    assertThat(code(error)).isEqualTo("BAD_REQUEST");
  }

  @Test
  @DisplayName("a body that is not a GraphQL request is HTTP 400 with code BAD_REQUEST")
  void notAGraphQLRequest() {
    for (HttpResponse<Buffer> response : List.of(
      send(HttpMethod.POST, "/graphql", "application/json", "this is not json"),
      send(HttpMethod.POST, "/graphql", "application/json", "{\"question\":\"what?\"}"),
      send(HttpMethod.POST, "/graphql", "application/json", "[1, 2]"),
      send(HttpMethod.POST, "/graphql", "text/plain", "{ badges { id } }"),
      send(HttpMethod.GET, "/graphql", null, null))) {
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.getHeader("Content-Type")).startsWith("application/json");
      assertThat(code(firstError(response.bodyAsJsonObject()))).isEqualTo("BAD_REQUEST");
    }
  }

  @Test
  @DisplayName("a mutation sent with GET is HTTP 405, while a query with GET is answered")
  void mutationOverGet() {
    HttpResponse<Buffer> mutation = Await.result(http.get(service.httpPort(), "127.0.0.1", "/graphql")
      .putHeader("Authorization", BEARER)
      .addQueryParam("query", "mutation { deleteRule(id: \"1\") }").send());
    HttpResponse<Buffer> query = Await.result(http.get(service.httpPort(), "127.0.0.1", "/graphql")
      .putHeader("Authorization", BEARER)
      .addQueryParam("query", "{ badges { id } }").send());

    assertThat(mutation.statusCode()).isEqualTo(405);
    assertThat(mutation.getHeader("Allow")).isEqualTo("POST");
    assertThat(code(firstError(mutation.bodyAsJsonObject()))).isEqualTo("BAD_REQUEST");
    assertThat(query.statusCode()).isEqualTo(200);
    assertThat(query.bodyAsJsonObject().getJsonObject("data").getJsonArray("badges")).isNotNull();
  }

  @Test
  @DisplayName("a method other than GET and POST on /graphql is HTTP 405")
  void otherMethod() {
    HttpResponse<Buffer> response = send(HttpMethod.PUT, "/graphql", "application/json", "{\"query\":\"{ badges { id } }\"}");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(code(firstError(response.bodyAsJsonObject()))).isEqualTo("BAD_REQUEST");
  }

  @Test
  @DisplayName("a body over the size limit is HTTP 413 with code BAD_REQUEST")
  void bodyTooLarge() {
    String body = new JsonObject().put("query", "{ badges { id } }").put("padding", "x".repeat(300 * 1024)).encode();

    HttpResponse<Buffer> response = send(HttpMethod.POST, "/graphql", "application/json", body);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(code(firstError(response.bodyAsJsonObject()))).isEqualTo("BAD_REQUEST");
  }

  private static JsonObject graphql(String query, JsonObject variables) {
    HttpResponse<Buffer> response = Await.result(http.post(service.httpPort(), "127.0.0.1", "/graphql")
      .putHeader("Authorization", BEARER)
      .sendJsonObject(new JsonObject().put("query", query).put("variables", variables)));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, String body) {
    HttpRequest<Buffer> request = http.request(method, service.httpPort(), "127.0.0.1", path).putHeader("Authorization", BEARER);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return Await.result(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  private static JsonObject firstError(JsonObject response) {
    assertThat(response.getJsonArray("errors")).as("errors of %s", response.encode()).isNotEmpty();
    return response.getJsonArray("errors").getJsonObject(0);
  }

  private static String code(JsonObject error) {
    return error.getJsonObject("extensions").getString("code");
  }
}
