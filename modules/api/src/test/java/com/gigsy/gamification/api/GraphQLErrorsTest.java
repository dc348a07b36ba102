package com.gigsy.gamification.api;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.GraphQLClient.Response;
import com.gigsy.gamification.testing.TestService;
import graphql.introspection.IntrospectionQuery;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.gigsy.gamification.testing.GraphQLClient.firstError;
import static org.assertj.core.api.Assertions.assertThat;

/** Every failure a client can cause is answered with a contract code (CONTRACT §5), and nothing internal leaks. */
class GraphQLErrorsTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE).configured(c -> c.with(Setting.ROLES, "api"));

  private final GraphQLClient admin = SERVICE.admin();

  @Test
  @DisplayName("a document that does not parse is GRAPHQL_PARSE_FAILED")
  void parseFailure() {
    JsonObject error = firstError(admin.post("{ badges { id ", new JsonObject()));

    assertThat(code(error)).isEqualTo("GRAPHQL_PARSE_FAILED");
  }

  @Test
  @DisplayName("a field the schema does not have, or a literal of the wrong type, is GRAPHQL_VALIDATION_FAILED")
  void validationFailure() {
    assertThat(code(firstError(admin.post("{ badges { id colour } }", new JsonObject()))))
      .isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(code(firstError(admin.post("{ leaderboard(limit: \"ten\") { computedAt } }", new JsonObject()))))
      .isEqualTo("GRAPHQL_VALIDATION_FAILED");
  }

  @Test
  @DisplayName("a variable whose value does not fit its type is BAD_USER_INPUT")
  void badVariable() {
    JsonObject error = firstError(admin.post("query($n: Int) { leaderboard(limit: $n) { computedAt } }",
      new JsonObject().put("n", "ten")));

    assertThat(code(error)).isEqualTo("BAD_USER_INPUT");
  }

  @Test
  @DisplayName("arguments outside their bounds are BAD_USER_INPUT with a message naming the argument")
  void badArguments() {
    JsonObject limit = firstError(admin.post("{ leaderboard(limit: 0) { computedAt } }", new JsonObject()));
    JsonObject userId = firstError(admin.post("query($u: ID!) { gamificationProfile(userId: $u) { totalPoints } }",
      new JsonObject().put("u", "x".repeat(129))));
    JsonObject eventName = firstError(admin.post("{ rules(eventName: \"Course Completed\") { id } }", new JsonObject()));

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

    JsonObject response = admin.post("{ badges { id } " + nested + " }", new JsonObject());

    JsonObject error = firstError(response);
    assertThat(code(error)).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(error.getString("message")).contains("nested too deeply");
    assertThat(response.getValue("data")).isNull();
  }

  @Test
  @DisplayName("introspection nested beyond reason is refused as GRAPHQL_VALIDATION_FAILED")
  void badFaithIntrospection() {
    String nested = "{ __schema { types { fields { type " + "{ ofType ".repeat(25) + "{ name }" + " }".repeat(25) + " } } } }";

    assertThat(code(firstError(admin.post(nested, new JsonObject())))).isEqualTo("GRAPHQL_VALIDATION_FAILED");
  }

  @Test
  @DisplayName("the standard introspection query that GraphiQL and code generators send is answered")
  void standardIntrospection() {
    JsonObject response = admin.post(IntrospectionQuery.INTROSPECTION_QUERY, new JsonObject());

    assertThat(response.containsKey("errors")).as("errors: %s", response.getValue("errors")).isFalse();
    assertThat(response.getJsonObject("data").getJsonObject("__schema").getJsonArray("types")).isNotEmpty();
  }

  @Test
  @DisplayName("a query selecting more fields than the complexity limit is refused as GRAPHQL_VALIDATION_FAILED")
  void tooComplex() {
    String query = IntStream.range(0, 130).mapToObj(i -> "b" + i + ": badges { id }").collect(Collectors.joining(" ", "{ ", " }"));

    JsonObject error = firstError(admin.post(query, new JsonObject()));

    assertThat(code(error)).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(error.getString("message")).contains("complex");
  }

  @Test
  @DisplayName("an unexpected failure is INTERNAL with a correlation id, and neither SQL nor its cause reaches the client")
  void internalFailure() {
    // this test's own database loses the titles table for a moment: the query fails inside PostgreSQL
    Await.result(SERVICE.db().query("ALTER TABLE titles RENAME TO titles_hidden").execute());
    JsonObject response;
    try {
      response = admin.post("{ titles { id name } }", new JsonObject());
    } finally {
      Await.result(SERVICE.db().query("ALTER TABLE titles_hidden RENAME TO titles").execute());
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
    JsonObject error = firstError(admin.post("subscription { rewardGranted(userId: \"u\") { rewardId } }", new JsonObject()));

    assertThat(code(error)).isEqualTo("BAD_REQUEST");
  }

  @Test
  @DisplayName("a body that is not a GraphQL request is HTTP 400 with code BAD_REQUEST")
  void notAGraphQLRequest() {
    for (Response response : List.of(
      send("POST", "application/json", "this is not json"),
      send("POST", "application/json", "{\"question\":\"what?\"}"),
      send("POST", "application/json", "[1, 2]"),
      send("POST", "text/plain", "{ badges { id } }"),
      send("GET", null, null))) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.header("Content-Type")).startsWith("application/json");
      assertThat(code(firstError(response.json()))).isEqualTo("BAD_REQUEST");
    }
  }

  @Test
  @DisplayName("a mutation sent with GET is HTTP 405, while a query with GET is answered")
  void mutationOverGet() {
    Response mutation = admin.get("mutation { deleteRule(id: \"1\") }");
    Response query = admin.get("{ badges { id } }");

    assertThat(mutation.status()).isEqualTo(405);
    assertThat(mutation.header("Allow")).isEqualTo("POST");
    assertThat(code(firstError(mutation.json()))).isEqualTo("BAD_REQUEST");
    assertThat(query.status()).isEqualTo(200);
    assertThat(query.json().getJsonObject("data").getJsonArray("badges")).isNotNull();
  }

  @Test
  @DisplayName("a method other than GET and POST on /graphql is HTTP 405")
  void otherMethod() {
    Response response = send("PUT", "application/json", "{\"query\":\"{ badges { id } }\"}");

    assertThat(response.status()).isEqualTo(405);
    assertThat(code(firstError(response.json()))).isEqualTo("BAD_REQUEST");
  }

  @Test
  @DisplayName("a body over the size limit is HTTP 413 with code BAD_REQUEST")
  void bodyTooLarge() {
    String body = new JsonObject().put("query", "{ badges { id } }").put("padding", "x".repeat(300 * 1024)).encode();

    Response response = send("POST", "application/json", body);

    assertThat(response.status()).isEqualTo(413);
    assertThat(code(firstError(response.json()))).isEqualTo("BAD_REQUEST");
  }

  private Response send(String method, String contentType, String body) {
    return admin.request(method, "/graphql", contentType == null ? Map.of() : Map.of("Content-Type", contentType), body);
  }

  private static String code(JsonObject error) {
    return error.getJsonObject("extensions").getString("code");
  }
}
