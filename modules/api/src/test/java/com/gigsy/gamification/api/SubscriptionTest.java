package com.gigsy.gamification.api;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import com.gigsy.gamification.testing.TopicCollector;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rewardGranted} over {@code graphql-transport-ws} on the whole service: a reward of an event sent
 * to Kafka reaches its user's subscription, on this instance and on another API instance; bad tokens
 * close the socket with 4401; other users' rewards are FORBIDDEN except to admins.
 */
class SubscriptionTest {

  static final String REWARDS = """
    subscription($u: ID!) { rewardGranted(userId: $u) {
      rewardId type userId ruleId eventId relatedEntityId points badgeId titleId awardedAt } }""";

  /** A reward goes Kafka → engine → outbox → relay → Kafka → API; generous for a loaded CI machine. */
  private static final Duration DELIVERY = Duration.ofSeconds(30);

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE);

  private static String event;
  private static String badgeId;
  private static String ruleId;

  @BeforeAll
  static void rewardingRule() {
    GraphQLClient admin = SERVICE.admin();
    badgeId = admin.data("mutation { createBadge(input: {name: \"Subscribed\", description: \"d\", iconUrl: \"https://cdn.gigsy.test/s.png\"}) { id } }",
      new JsonObject()).getJsonObject("createBadge").getString("id");
    event = "subscription.tested";
    ruleId = admin.data("mutation($b: ID) { createRule(input: {eventName: \"subscription.tested\", description: \"d\", pointsAwarded: 50, badgeId: $b}) { id } }",
      new JsonObject().put("b", badgeId)).getJsonObject("createRule").getString("id");
  }

  @Test
  @DisplayName("a user's subscription receives the points and badge of an event sent to Kafka, and nothing of other users")
  void ownRewards() throws Exception {
    String user = "subscriber-" + UUID.randomUUID();
    String other = "bystander-" + UUID.randomUUID();
    try (GraphQLSocket socket = GraphQLSocket.open(SERVICE)) {
      socket.init(TestTokens.user(user));
      socket.subscribe("1", REWARDS, new JsonObject().put("u", user));

      SERVICE.events().send(event, other, "course-x");
      JsonObject sent = SERVICE.events().send(event, user, "course-1");

      List<JsonObject> rewards = List.of(socket.nextReward("1", DELIVERY), socket.nextReward("1", DELIVERY));
      assertThat(rewards).extracting(r -> r.getString("type")).containsExactlyInAnyOrder("POINTS", "BADGE");
      for (JsonObject reward : rewards) {
        assertThat(reward.getString("userId")).isEqualTo(user);
        assertThat(reward.getString("eventId")).isEqualTo(sent.getString("eventId"));
        assertThat(reward.getString("relatedEntityId")).isEqualTo("course-1");
        assertThat(reward.getString("ruleId")).isEqualTo(ruleId);
        assertThat(reward.getString("rewardId")).isNotBlank();
        assertThat(Instant.parse(reward.getString("awardedAt"))).isBefore(Instant.now().plusSeconds(60));
      }
      JsonObject points = rewards.stream().filter(r -> "POINTS".equals(r.getString("type"))).findFirst().orElseThrow();
      assertThat(points.getInteger("points")).isEqualTo(50);
      assertThat(points.getValue("badgeId")).isNull();
      JsonObject badge = rewards.stream().filter(r -> "BADGE".equals(r.getString("type"))).findFirst().orElseThrow();
      assertThat(badge.getString("badgeId")).isEqualTo(badgeId);

      // the bystander's rewards (points twice, the badge once) are on the topic, yet none reaches this subscription
      try (TopicCollector published = new TopicCollector(TestStack.get().kafkaBootstrap(), SERVICE.config().rewardsTopic())) {
        SERVICE.events().send(event, other, "course-y");
        Await.until("the bystander's three rewards are published", () -> published.forKey(other).size() >= 3);
      }
      assertThat(socket.nextMessage(Duration.ofSeconds(1))).as("nothing else arrives").isNull();
    }
  }

  @Test
  @DisplayName("a reward granted through one instance reaches an admin's subscription on another API instance")
  void otherInstance() {
    String user = "roaming-" + UUID.randomUUID();
    try (ExtraApi second = ExtraApi.beside(SERVICE, GamificationConfig::toJson);
         GraphQLSocket socket = GraphQLSocket.open(SERVICE.vertx(), second.port())) {
      socket.init(TestTokens.admin());
      socket.subscribe("a", REWARDS, new JsonObject().put("u", user));

      SERVICE.events().send(event, user, "gig-1");

      JsonObject reward = socket.nextReward("a", DELIVERY);
      assertThat(reward.getString("userId")).isEqualTo(user);
    }
  }

  @Test
  @DisplayName("subscribing to another user's rewards is FORBIDDEN for a user")
  void othersRewardsForbidden() {
    try (GraphQLSocket socket = GraphQLSocket.open(SERVICE)) {
      socket.init(TestTokens.user("nosy-" + UUID.randomUUID()));
      socket.subscribe("x", REWARDS, new JsonObject().put("u", "someone-else"));

      assertThat(GraphQLSocket.errorCode(socket.nextMessage(Duration.ofSeconds(10)))).isEqualTo("FORBIDDEN");
    }
  }

  @Test
  @DisplayName("connection_init without a token, with a bad or expired one, or a subscribe before init, closes the socket with 4401")
  void badTokensClose4401() {
    String expired = TestTokens.hs256(TestStack.JWT_SECRET, TestTokens.claims("u").put("exp", Instant.now().minusSeconds(60).getEpochSecond()));
    List<String> tokens = new ArrayList<>(List.of("", "garbage", expired, TestTokens.unsigned(TestTokens.claims("u").put("role", "admin"))));
    for (String token : tokens) {
      try (GraphQLSocket socket = GraphQLSocket.open(SERVICE)) {
        socket.init(token.isEmpty() ? null : token);
        assertThat(socket.awaitClose(Duration.ofSeconds(10))).as("close code for token '%s'", token).isEqualTo((short) 4401);
      }
    }
    try (GraphQLSocket socket = GraphQLSocket.open(SERVICE)) {
      socket.subscribe("early", REWARDS, new JsonObject().put("u", "u"));
      assertThat(socket.awaitClose(Duration.ofSeconds(10))).isEqualTo((short) 4401);
    }
  }

  /** A minimal graphql-transport-ws client for tests. */
  static final class GraphQLSocket implements AutoCloseable {

    private final WebSocketClient client;
    private final WebSocket socket;
    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    private GraphQLSocket(WebSocketClient client, WebSocket socket) {
      this.client = client;
      this.socket = socket;
      socket.textMessageHandler(text -> messages.add(new JsonObject(text)));
      socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    }

    /** A socket to the service's {@code /graphql}. */
    static GraphQLSocket open(TestService service) {
      return open(service.vertx(), service.httpPort());
    }

    static GraphQLSocket open(Vertx vertx, int port) {
      WebSocketClient client = vertx.createWebSocketClient();
      WebSocket socket = Await.result(client.connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(port).setURI("/graphql").addSubProtocol("graphql-transport-ws")));
      return new GraphQLSocket(client, socket);
    }

    /** Sends connection_init with {@code {"Authorization": "Bearer <token>"}} (an empty payload for null). */
    void init(String token) {
      JsonObject payload = token == null ? new JsonObject() : new JsonObject().put("Authorization", "Bearer " + token);
      send(new JsonObject().put("type", "connection_init").put("payload", payload));
    }

    /** Sends connection_init and waits for the acknowledgement. */
    void initAndAwaitAck(String token) {
      init(token);
      JsonObject ack = poll(Duration.ofSeconds(10));
      assertThat(ack).as("connection_ack").isNotNull();
      assertThat(ack.getString("type")).isEqualTo("connection_ack");
    }

    /** Ends subscription {@code id} from the client's side. */
    void complete(String id) {
      send(new JsonObject().put("id", id).put("type", "complete"));
    }

    void subscribe(String id, String query, JsonObject variables) {
      send(new JsonObject().put("id", id).put("type", "subscribe")
        .put("payload", new JsonObject().put("query", query).put("variables", variables)));
    }

    /** The next reward of subscription {@code id}, skipping the acknowledgement; fails on anything else or a timeout. */
    JsonObject nextReward(String id, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        JsonObject message = nextMessage(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (message == null) {
          throw new AssertionError("no reward within " + timeout);
        }
        if ("connection_ack".equals(message.getString("type"))) {
          continue;
        }
        assertThat(message.getString("type")).as("message %s", message.encode()).isEqualTo("next");
        assertThat(message.getString("id")).isEqualTo(id);
        JsonObject payload = message.getJsonObject("payload");
        assertThat(payload.containsKey("errors")).as("errors in %s", message.encode()).isFalse();
        return payload.getJsonObject("data").getJsonObject("rewardGranted");
      }
    }

    /** The next message other than connection_ack, or null when none comes in time. */
    JsonObject nextMessage(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        JsonObject message = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (message == null || !"connection_ack".equals(message.getString("type"))) {
          return message;
        }
      }
    }

    /** The next message, whatever it is, or null when none comes in time. */
    private JsonObject poll(Duration timeout) {
      try {
        return messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** The close code the server closed the socket with; fails when it stays open. */
    short awaitClose(Duration timeout) {
      try {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new AssertionError("the socket was not closed within " + timeout, e);
      }
    }

    boolean isClosed() {
      return closed.isDone();
    }

    /** The code of the first error of a next or error message; null when it has none. */
    static String errorCode(JsonObject message) {
      assertThat(message).as("a message").isNotNull();
      Object payload = message.getValue("payload");
      JsonArray errors = payload instanceof JsonArray array ? array
        : payload instanceof JsonObject object ? object.getJsonArray("errors") : null;
      if (errors == null || errors.isEmpty()) {
        return null;
      }
      return errors.getJsonObject(0).getJsonObject("extensions").getString("code");
    }

    private void send(JsonObject message) {
      Await.result(socket.writeTextMessage(message.encode()));
    }

    @Override
    public void close() {
      if (!closed.isDone()) {
        Await.result(socket.close());
      }
      Await.result(client.close());
    }
  }
}
