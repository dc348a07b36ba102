package com.gigsy.gamification.api;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-caller rate limiting of /graphql (issue 13, item 3): 429 and RATE_LIMITED over the rate, per token sub. */
class RateLimitTest {

  private static final int RATE = 5;

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE)
    .configured(c -> c.with(Setting.API_RATE_LIMIT, Integer.toString(RATE)));

  @Test
  @DisplayName("A caller over its rate gets HTTP 429 with RATE_LIMITED and Retry-After, while another caller is served")
  void overTheRate() {
    GraphQLClient flooder = SERVICE.graphql(TestTokens.user("flooder"));
    List<GraphQLClient.Response> responses = new ArrayList<>();
    for (int i = 0; i < 4 * RATE; i++) {
      responses.add(flooder.send("{ badges { id } }", new JsonObject()));
    }

    GraphQLClient.Response limited = responses.stream().filter(r -> r.status() == 429).findFirst()
      .orElseThrow(() -> new AssertionError("no request was limited"));
    assertThat(GraphQLClient.errorCode(limited.json())).isEqualTo("RATE_LIMITED");
    assertThat(limited.header("Retry-After")).isEqualTo("1");
    assertThat(responses.stream().filter(r -> r.status() == 200).count()).isBetween((long) RATE, (long) 2 * RATE);
    assertThat(SERVICE.graphql(TestTokens.user("patient")).send("{ badges { id } }", new JsonObject()).status())
      .isEqualTo(200);
  }

  @Test
  @DisplayName("Requests refused as unauthenticated count against their address: a flood of bad tokens gets 429 too")
  void badTokensFromOneAddress() {
    GraphQLClient forger = SERVICE.graphql("not-a-token");
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4 * RATE; i++) {
      statuses.add(forger.send("{ badges { id } }", new JsonObject()).status());
    }
    assertThat(statuses).contains(401, 429);
  }
}
