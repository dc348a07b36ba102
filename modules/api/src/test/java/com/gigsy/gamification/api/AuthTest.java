package com.gigsy.gamification.api;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.GraphQLClient.Response;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static com.gigsy.gamification.testing.GraphQLClient.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bearer-token authentication (CONTRACT §5): HS256 with the shared secret, RS256 with keys from a JWK
 * set this test serves itself, the issuer check, and every kind of bad token answered with HTTP 401
 * and a GraphQL-shaped UNAUTHENTICATED body.
 */
class AuthTest {

  private static final String ISSUER = "https://clerk.gigsy.test";
  private static final String MY_HISTORY = "query($u: ID!) { pointsHistory(userId: $u) { entries { id } } }";
  private static final String CREATE_TITLE = "mutation { createTitle(input: {name: \"Auth title\", description: \"d\"}) { id } }";

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE).configured(c -> c.with(Setting.ROLES, "api"));

  static Stream<Arguments> badTokens() {
    String user = "user-" + UUID.randomUUID();
    long past = Instant.now().minusSeconds(3600).getEpochSecond();
    String valid = TestTokens.user(user);
    String[] parts = valid.split("\\.");
    String tampered = parts[0] + "." + TestTokens.encode(TestTokens.claims("someone-else").put("role", "admin")) + "." + parts[2];
    return Stream.of(
      Arguments.of("no Authorization header", null),
      Arguments.of("another scheme", "Basic dXNlcjpwYXNz"),
      Arguments.of("an empty bearer token", "Bearer "),
      Arguments.of("garbage", "Bearer this-is-not-a-jwt"),
      Arguments.of("three garbage segments", "Bearer abc.def.ghi"),
      Arguments.of("an expired token", "Bearer " + TestTokens.hs256(TestStack.JWT_SECRET, TestTokens.claims(user).put("exp", past))),
      Arguments.of("a token signed with another secret", "Bearer " + TestTokens.hs256("another-secret-0123456789abcdef-xyz", TestTokens.claims(user))),
      Arguments.of("a token whose claims were changed after signing", "Bearer " + tampered),
      Arguments.of("an unsigned token (alg none)", "Bearer " + TestTokens.unsigned(TestTokens.claims(user).put("role", "admin"))),
      Arguments.of("an unsigned token without the trailing dot", "Bearer " + TestTokens.unsigned(TestTokens.claims(user)).replaceAll("\\.$", "")),
      Arguments.of("a token without exp", "Bearer " + TestTokens.hs256(TestStack.JWT_SECRET, without(TestTokens.claims(user), "exp"))),
      Arguments.of("a token without sub", "Bearer " + TestTokens.hs256(TestStack.JWT_SECRET, without(TestTokens.claims(user), "sub"))),
      Arguments.of("a token not valid before next hour", "Bearer " + TestTokens.hs256(TestStack.JWT_SECRET,
        TestTokens.claims(user).put("nbf", Instant.now().plusSeconds(3600).getEpochSecond()))),
      Arguments.of("an RS256 token where HS256 is configured", "Bearer " + new TestTokens.RsaKey("k1").sign(TestTokens.claims(user))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  @DisplayName("a missing or invalid token is HTTP 401 with a GraphQL-shaped UNAUTHENTICATED body, on POST and GET")
  void badToken(String description, String authorization) {
    for (Response response : new Response[] {
      post(SERVICE.httpPort(), authorization, "{ badges { id } }"),
      get(SERVICE.httpPort(), authorization, "{ badges { id } }")}) {
      assertUnauthenticated(response);
    }
  }

  @Test
  @DisplayName("a valid HS256 token is accepted on POST and GET, for users and admins alike")
  void validSecretTokens() {
    String user = "user-" + UUID.randomUUID();

    Response own = post(SERVICE.httpPort(), "Bearer " + TestTokens.user(user), MY_HISTORY, new JsonObject().put("u", user));
    Response viaGet = get(SERVICE.httpPort(), "bearer " + TestTokens.user(user), "{ badges { id } }");
    Response admin = post(SERVICE.httpPort(), "Bearer " + TestTokens.admin(), CREATE_TITLE);

    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().containsKey("errors")).isFalse();
    assertThat(viaGet.status()).isEqualTo(200);
    assertThat(admin.json().getJsonObject("data").getJsonObject("createTitle").getString("id")).isNotBlank();
  }

  @Test
  @DisplayName("with an issuer configured, tokens must carry it: another issuer or none is 401")
  void issuer() {
    String user = "user-" + UUID.randomUUID();
    try (ExtraApi api = ExtraApi.beside(SERVICE, c -> c.with(Setting.JWT_ISSUER, ISSUER).toJson())) {
      int port = api.port();
      assertThat(post(port, "Bearer " + TestTokens.hs256(TestStack.JWT_SECRET, TestTokens.claims(user).put("iss", ISSUER)),
        "{ badges { id } }").status()).isEqualTo(200);
      assertUnauthenticated(post(port, "Bearer " + TestTokens.hs256(TestStack.JWT_SECRET,
        TestTokens.claims(user).put("iss", "https://evil.test")), "{ badges { id } }"));
      assertUnauthenticated(post(port, "Bearer " + TestTokens.user(user), "{ badges { id } }"));
    }
  }

  @Test
  @DisplayName("RS256 through a JWKS URL: known keys verify, admins by roles array, an unknown kid reloads the set once, forged or HS256 tokens are 401")
  void rs256ThroughJwks() {
    TestTokens.RsaKey first = new TestTokens.RsaKey("key-1");
    TestTokens.RsaKey rotated = new TestTokens.RsaKey("key-2");
    TestTokens.RsaKey forger = new TestTokens.RsaKey("key-1");
    AtomicReference<JsonObject> served = new AtomicReference<>(TestTokens.RsaKey.set(first));
    AtomicInteger fetches = new AtomicInteger();
    HttpServer jwks = Await.result(SERVICE.vertx().createHttpServer().requestHandler(request -> {
      fetches.incrementAndGet();
      request.response().putHeader("Content-Type", "application/json").end(served.get().encode());
    }).listen(0, "127.0.0.1"));
    String url = "http://127.0.0.1:" + jwks.actualPort() + "/.well-known/jwks.json";
    String user = "clerk_user_" + UUID.randomUUID();
    try (ExtraApi api = ExtraApi.beside(SERVICE, c -> c.with(Setting.JWKS_URL, url).with(Setting.JWT_ISSUER, ISSUER).toJson())) {
      int port = api.port();
      assertThat(fetches.get()).as("the set is loaded at start").isEqualTo(1);
      JsonObject claims = TestTokens.claims(user).put("iss", ISSUER).put("azp", "https://app.gigsy.test");

      JsonObject own = post(port, "Bearer " + first.sign(claims), MY_HISTORY, new JsonObject().put("u", user)).json();
      assertThat(own.containsKey("errors")).as("%s", own.encode()).isFalse();
      JsonObject asAdmin = post(port, "Bearer " + first.sign(TestTokens.claims("clerk_admin").put("iss", ISSUER)
        .put("roles", new JsonArray().add("member").add("admin"))), CREATE_TITLE).json();
      assertThat(asAdmin.containsKey("errors")).as("%s", asAdmin.encode()).isFalse();
      assertThat(errorCode(post(port, "Bearer " + first.sign(TestTokens.claims(user).put("iss", ISSUER)
        .put("roles", new JsonArray().add("member"))), CREATE_TITLE).json())).isEqualTo("FORBIDDEN");

      assertUnauthenticated(post(port, "Bearer " + forger.sign(claims), "{ badges { id } }"));
      assertUnauthenticated(post(port, "Bearer " + TestTokens.hs256(TestStack.JWT_SECRET, claims), "{ badges { id } }"));
      assertUnauthenticated(post(port, "Bearer " + first.sign(claims.copy().put("exp", Instant.now().minusSeconds(60).getEpochSecond())),
        "{ badges { id } }"));
      assertUnauthenticated(post(port, "Bearer " + first.sign(claims.copy().put("iss", "https://evil.test")), "{ badges { id } }"));
      assertUnauthenticated(post(port, "Bearer " + TestTokens.unsigned(claims), "{ badges { id } }"));

      // the provider rotates its keys: the first token naming the new kid makes the set reload
      served.set(TestTokens.RsaKey.set(first, rotated));
      int before = fetches.get();
      Response afterRotation = post(port, "Bearer " + rotated.sign(claims), MY_HISTORY, new JsonObject().put("u", user));
      assertThat(afterRotation.status()).isEqualTo(200);
      assertThat(afterRotation.json().containsKey("errors")).isFalse();
      assertThat(fetches.get()).isEqualTo(before + 1);

      // made-up key ids right after: refused, and they do not make the service hammer the provider
      for (int i = 0; i < 5; i++) {
        assertUnauthenticated(post(port, "Bearer " + forger.signAs("made-up-" + i, claims), "{ badges { id } }"));
      }
      assertThat(fetches.get()).isEqualTo(before + 1);
    } finally {
      Await.result(jwks.close());
    }
  }

  @Test
  @DisplayName("the API refuses to start with neither a JWT secret nor a JWKS URL, naming both settings")
  void refusesToStartOpen() {
    JsonObject open = SERVICE.config().with(Setting.JWT_SECRET, null).with(Setting.HTTP_PORT, "0").toJson();

    assertThatThrownBy(() -> Await.result(SERVICE.vertx().deployVerticle(new ApiVerticle(), new DeploymentOptions().setConfig(open))))
      .hasMessageContaining("GAMIFICATION_JWT_SECRET").hasMessageContaining("GAMIFICATION_JWKS_URL");
  }

  private static JsonObject without(JsonObject claims, String key) {
    claims.remove(key);
    return claims;
  }

  private static void assertUnauthenticated(Response response) {
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    JsonObject body = response.json();
    assertThat(errorCode(body)).isEqualTo("UNAUTHENTICATED");
    assertThat(body.getJsonArray("errors").getJsonObject(0).getString("message")).isNotBlank();
    assertThat(body.containsKey("data")).isFalse();
  }

  private static Response post(int port, String authorization, String query) {
    return post(port, authorization, query, new JsonObject());
  }

  private static Response post(int port, String authorization, String query, JsonObject variables) {
    return GraphQLClient.withAuthorization(port, authorization).send(query, variables);
  }

  private static Response get(int port, String authorization, String query) {
    return GraphQLClient.withAuthorization(port, authorization).get(query);
  }
}
