package com.gigsy.gamification.api;

import com.gigsy.gamification.api.SubscriptionTest.GraphQLSocket;
import com.gigsy.gamification.api.graphql.SocketSession;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket lasts as long as its token and serves subscriptions only (CONTRACT §11): it is closed with 4401 when
 * the token expires, a query or mutation sent over it is refused without running, and it holds at most
 * {@link SocketSession#MAX_SUBSCRIPTIONS} subscriptions at once.
 */
class SocketLifetimeTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE)
    .configured(c -> c.with(Setting.JWT_LEEWAY, "PT0S"));

  @Test
  @DisplayName("A socket whose token expires is closed with 4401 at the expiry, even while pings would keep it open")
  void closedWhenTheTokenExpires() {
    String user = "expiring-" + UUID.randomUUID();
    JsonObject claims = TestTokens.claims(user).put("exp", Instant.now().plusSeconds(3).getEpochSecond());
    try (GraphQLSocket socket = GraphQLSocket.open(SERVICE)) {
      socket.initAndAwaitAck(TestTokens.hs256(TestStack.JWT_SECRET, claims));
      socket.subscribe("1", SubscriptionTest.REWARDS, new JsonObject().put("u", user));

      assertThat(socket.awaitClose(Duration.ofSeconds(15))).isEqualTo((short) 4401);
    }
  }

  @Test
  @DisplayName("A mutation or a query over a socket is refused as BAD_REQUEST and does not run, even an admin's")
  void onlySubscriptions() {
    String name = "socket-title-" + UUID.randomUUID();
    try (GraphQLSocket socket = GraphQLSocket.open(SERVICE)) {
      socket.initAndAwaitAck(TestTokens.admin());
      socket.subscribe("m", "mutation { createTitle(input: {name: \"" + name + "\", description: \"d\"}) { id } }",
        new JsonObject());
      JsonObject refusal = socket.nextMessage(Duration.ofSeconds(10));
      assertThat(refusal.getString("id")).isEqualTo("m");
      assertThat(GraphQLSocket.errorCode(refusal)).isEqualTo("BAD_REQUEST");
      assertThat(socket.nextMessage(Duration.ofSeconds(10)).getString("type")).isEqualTo("complete");

      socket.subscribe("q", "{ titles { id } }", new JsonObject());
      assertThat(GraphQLSocket.errorCode(socket.nextMessage(Duration.ofSeconds(10)))).isEqualTo("BAD_REQUEST");
    }
    JsonObject titles = SERVICE.admin().data("{ titles { name } }", new JsonObject());
    assertThat(titles.getJsonArray("titles").encode()).doesNotContain(name);
  }

  @Test
  @DisplayName("A socket holds at most 10 subscriptions at once; completing one makes room for another")
  void subscriptionsPerSocketAreCapped() {
    String user = "busy-" + UUID.randomUUID();
    try (GraphQLSocket socket = GraphQLSocket.open(SERVICE)) {
      socket.initAndAwaitAck(TestTokens.user(user));
      for (int i = 0; i < SocketSession.MAX_SUBSCRIPTIONS; i++) {
        socket.subscribe("s" + i, SubscriptionTest.REWARDS, new JsonObject().put("u", user));
      }
      assertThat(socket.nextMessage(Duration.ofMillis(500))).as("no refusal within the cap").isNull();

      socket.subscribe("over", SubscriptionTest.REWARDS, new JsonObject().put("u", user));
      JsonObject refusal = socket.nextMessage(Duration.ofSeconds(10));
      assertThat(refusal.getString("id")).isEqualTo("over");
      assertThat(GraphQLSocket.errorCode(refusal)).isEqualTo("BAD_REQUEST");
      assertThat(refusal.encode()).contains("At most " + SocketSession.MAX_SUBSCRIPTIONS);
      assertThat(socket.nextMessage(Duration.ofSeconds(10)).getString("type")).isEqualTo("complete");

      socket.complete("s0");
      socket.subscribe("again", SubscriptionTest.REWARDS, new JsonObject().put("u", user));
      assertThat(socket.nextMessage(Duration.ofMillis(1000))).as("room again after a complete").isNull();
    }
  }
}
