package com.gigsy.gamification.api;

import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.gigsy.gamification.testing.GraphQLClient.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost limit counts rows, not fields (issue 13, item 3): lists weigh by their limit, first or radius, literal or
 * variable, top-level fields weigh as the statements they run, and whether a verdict may be reused for other
 * variables is read from the parsed document.
 */
class QueryCostTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE);

  private static String aliases(int count, String field) {
    return IntStream.range(0, count).mapToObj(i -> "a" + i + ": " + field).collect(Collectors.joining(" "));
  }

  @Test
  @DisplayName("One whole board passes; 50 aliased boards of 1000 entries are refused as GRAPHQL_VALIDATION_FAILED")
  void boardsWeighByTheirLimit() {
    GraphQLClient client = SERVICE.graphql(TestTokens.user("reader"));
    assertThat(client.post("{ leaderboard(limit: 1000) { computedAt periodStart entries { rank userId totalPoints } } }",
      new JsonObject()).containsKey("errors")).isFalse();

    JsonObject refused = client.post("{ " + aliases(50, "leaderboard(limit: 1000) { entries { rank userId totalPoints } }")
      + " }", new JsonObject());
    assertThat(errorCode(refused)).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(GraphQLClient.firstError(refused).getString("message")).contains("too complex");
  }

  @Test
  @DisplayName("80 aliased profiles are refused: each top-level field weighs as the statements it runs")
  void aliasedProfiles() {
    JsonObject refused = SERVICE.graphql(TestTokens.user("reader")).post("{ "
      + aliases(80, "gamificationProfile(userId: \"u\") { totalPoints }") + " }", new JsonObject());
    assertThat(errorCode(refused)).isEqualTo("GRAPHQL_VALIDATION_FAILED");
  }

  @Test
  @DisplayName("A limit given by a variable weighs as its value, even after the same document passed with a small one")
  void variableLimits() {
    GraphQLClient client = SERVICE.graphql(TestTokens.user("reader"));
    String query = "query($n: Int) { " + aliases(4, "leaderboard(limit: $n) { entries { userId } }") + " }";
    assertThat(client.post(query, new JsonObject().put("n", 1)).containsKey("errors")).isFalse();

    assertThat(errorCode(client.post(query, new JsonObject().put("n", 1000)))).isEqualTo("GRAPHQL_VALIDATION_FAILED");
  }

  @Test
  @DisplayName("A directive switched by a variable is found in the parsed document, however it is spaced")
  void spacedDirective() {
    GraphQLClient client = SERVICE.graphql(TestTokens.user("reader"));
    String query = "query($show: Boolean!) { badges { id } "
      + aliases(40, "gamificationProfile(userId: \"u\") @ include(if: $show) { totalPoints }") + " }";
    assertThat(client.post(query, new JsonObject().put("show", false)).containsKey("errors")).isFalse();

    assertThat(errorCode(client.post(query, new JsonObject().put("show", true)))).isEqualTo("GRAPHQL_VALIDATION_FAILED");
  }
}
