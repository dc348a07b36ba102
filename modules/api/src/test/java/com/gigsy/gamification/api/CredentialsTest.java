package com.gigsy.gamification.api;

import com.gigsy.gamification.api.OpenBadgesVerifier.Fetched;
import com.gigsy.gamification.api.OpenBadgesVerifier.Verified;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.embedded.Ports;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open Badges 3.0 credentials (CONTRACT §9) on the whole service: badges earned through events, their credentials
 * verified by {@link OpenBadgesVerifier} as an outsider would (public URLs only, another JOSE implementation),
 * revocation through the status method, unguessable ids, and who sees {@code credentialUrl}.
 */
class CredentialsTest {

  private static final int PORT = Ports.free();
  private static final String BASE = "http://127.0.0.1:" + PORT;
  private static final String JWKS = BASE + "/.well-known/jwks.json";
  private static final String ISSUER_NAME = "Gigsy Test Academy";
  private static final Path KEY = IssuerKeys.newKeyFile();

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE).configured(c -> c
    .with(Setting.HTTP_PORT, Integer.toString(PORT))
    .with(Setting.PUBLIC_URL, BASE)
    .with(Setting.ISSUER_KEY, KEY.toString())
    .with(Setting.ISSUER_NAME, ISSUER_NAME));

  private static final String BADGES = """
    query($u: ID!) { gamificationProfile(userId: $u) { badges { badge { id } awardedAt credentialUrl } } }""";

  private static GraphQLClient admin;
  private final OpenBadgesVerifier verifier = new OpenBadgesVerifier();

  @BeforeAll
  static void clients() {
    admin = SERVICE.admin();
  }

  @Test
  @DisplayName("a badge earned through an event has a credential that an outside verifier checks with the public JWK set"
    + " and another JOSE implementation: signature, claims, structure, issuer, achievement, recipient")
  void outsideVerification() {
    String user = user();
    String badge = badge("Top of the Class", "Scored 90 or more in a course");
    earn(user, badge);
    JsonObject held = badges(SERVICE.graphql(TestTokens.user(user)), user).get(0);
    String url = held.getString("credentialUrl");

    Verified verified = verifier.verify(url, JWKS);

    assertThat(url).matches(BASE.replace(".", "\\.") + "/ob/v3/credentials/[A-Za-z0-9_-]{22}");
    JsonObject credential = verified.credential();
    assertThat(credential.getString("id")).isEqualTo(url);
    assertThat(credential.getString("name")).isEqualTo("Top of the Class");
    assertThat(credential.getJsonObject("issuer").getString("id")).isEqualTo(BASE + "/ob/v3/issuer");
    assertThat(credential.getJsonObject("issuer").getString("name")).isEqualTo(ISSUER_NAME);
    Instant awarded = Instant.parse(held.getString("awardedAt"));
    assertThat(Instant.parse(credential.getString("validFrom"))).isEqualTo(awarded.truncatedTo(ChronoUnit.SECONDS));
    JsonObject achievement = credential.getJsonObject("credentialSubject").getJsonObject("achievement");
    assertThat(achievement.getString("id")).isEqualTo(BASE + "/ob/v3/achievements/" + badge);
    assertThat(achievement.getString("name")).isEqualTo("Top of the Class");
    assertThat(achievement.getString("description")).isEqualTo("Scored 90 or more in a course");
    assertThat(achievement.getJsonObject("image").getString("id")).isEqualTo(icon("Top of the Class"));

    // the key: named by a URL that gives the JWK, whose last segment is the key's RFC 7638 thumbprint
    String kid = verified.header().getString("kid");
    assertThat(kid).isEqualTo(verified.key().getKeyId()).isEqualTo(BASE + "/ob/v3/keys/" + OpenBadgesVerifier.thumbprint(verified.key()));
    Fetched dereferenced = verifier.get(kid, null);
    assertThat(dereferenced.status()).isEqualTo(200);
    assertThat(OpenBadgesVerifier.thumbprint(jwk(dereferenced.body()))).isEqualTo(OpenBadgesVerifier.thumbprint(verified.key()));
    // a changed credential does not verify
    JsonObject forged = verified.payload().copy().put("name", "Something Else");
    assertThat(OpenBadgesVerifier.verifiesWithPayload(verified.jwt(), forged, verified.key())).isFalse();
    assertThat(OpenBadgesVerifier.verifiesWithPayload(verified.jwt(), verified.payload(), verified.key())).isTrue();

    // the issuer and the achievement, where their ids point
    Fetched issuer = verifier.get(credential.getJsonObject("issuer").getString("id"), null);
    assertThat(issuer.status()).isEqualTo(200);
    OpenBadgesVerifier.assertProfile(issuer.json());
    assertThat(issuer.json().getString("name")).isEqualTo(ISSUER_NAME);
    assertThat(issuer.json().getJsonArray("@context").getString(0)).isEqualTo(OpenBadgesVerifier.VC_CONTEXT);
    Fetched served = verifier.get(achievement.getString("id"), null);
    assertThat(served.status()).isEqualTo(200);
    OpenBadgesVerifier.assertAchievement(served.json());
    JsonObject withoutContext = served.json().copy();
    withoutContext.remove("@context");
    assertThat(withoutContext).isEqualTo(achievement);

    // the recipient: a salted hash of the user id, which a verifier told the id can check; the id itself is nowhere
    JsonObject identity = credential.getJsonObject("credentialSubject").getJsonArray("identifier").getJsonObject(0);
    assertThat(identity.getBoolean("hashed")).isTrue();
    assertThat(identity.getString("identityType")).isEqualTo("accountId");
    assertThat(identity.getString("identityHash"))
      .isEqualTo(OpenBadgesVerifier.identityHash(user, identity.getString("salt")))
      .isNotEqualTo(OpenBadgesVerifier.identityHash(user(), identity.getString("salt")));
    assertThat(credential.encode()).doesNotContain(user);
    assertThat(verified.payload().encode()).doesNotContain(user);
    assertThat(verifier.revoked(credential)).isFalse();
    // asked again: the same credential, signed the same way
    assertThat(badges(SERVICE.graphql(TestTokens.user(user)), user).get(0).getString("credentialUrl")).isEqualTo(url);
    assertThat(verifier.get(url, null).body()).isEqualTo(verified.jwt());
  }

  @Test
  @DisplayName("revokeBadge: the award's credential still resolves and verifies, and its status reads revoked (without"
    + " the reason); the badge granted again is a new award with a new credential, not revoked")
  void revocation() {
    String user = user();
    String badge = badge("First Gig", "Completed a first gig");
    String event = earn(user, badge);
    String first = badges(admin, user).get(0).getString("credentialUrl");
    assertThat(verifier.revoked(verifier.verify(first, JWKS).credential())).isFalse();

    admin.data("mutation($u: ID!, $b: ID!) { revokeBadge(userId: $u, badgeId: $b, reason: \"fraudulent gig 7\") { userId } }",
      new JsonObject().put("u", user).put("b", badge));

    assertThat(badges(admin, user)).isEmpty();
    JsonObject revoked = verifier.verify(first, JWKS).credential();
    assertThat(verifier.revoked(revoked)).isTrue();
    Fetched status = verifier.get(revoked.getJsonObject("credentialStatus").getString("id"), null);
    assertThat(status.body()).doesNotContain("fraudulent").doesNotContain(user);

    SERVICE.events().send(event, user, "again-" + UUID.randomUUID());
    Await.until("the badge is granted again", () -> badges(admin, user).size() == 1);
    String second = badges(SERVICE.graphql(TestTokens.user(user)), user).get(0).getString("credentialUrl");

    assertThat(second).isNotNull().isNotEqualTo(first);
    assertThat(verifier.revoked(verifier.verify(second, JWKS).credential())).isFalse();
    assertThat(verifier.revoked(verifier.get(first, "application/json").json())).isTrue();
  }

  @Test
  @DisplayName("unknown, guessed or malformed ids are 404 on every public route, with an error body")
  void unknownIds() {
    String random = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    List<String> paths = List.of("/ob/v3/credentials/" + random, "/ob/v3/status/" + random, "/ob/v3/credentials/abc",
      "/ob/v3/credentials/" + random + "x", "/ob/v3/credentials/%27%20OR%201=1--%20aaaaaaaaa", "/ob/v3/achievements/999999999",
      "/ob/v3/achievements/abc", "/ob/v3/achievements/0", "/ob/v3/achievements/99999999999999999999999",
      "/ob/v3/keys/" + random + random, "/ob/v3/keys/x");

    for (String path : paths) {
      for (String accept : new String[] {null, "application/json"}) {
        Fetched fetched = verifier.get(BASE + path, accept);
        assertThat(fetched.status()).as("GET %s (Accept %s)", path, accept).isEqualTo(404);
        assertThat(fetched.json().getString("error")).as(path).isNotBlank();
      }
    }
  }

  @Test
  @DisplayName("credentialUrl: the owner and admins get the same URL, another user null; concurrent first requests agree"
    + " on one credential per award, and two awards of one user cannot be linked through their credentials")
  void credentialUrlVisibility() {
    String user = user();
    String one = badge("Reliable Freelancer", "Five gigs completed");
    String two = badge("Mentor", "Helped ten people");
    earn(user, one);
    earn(user, two);
    GraphQLClient owner = SERVICE.graphql(TestTokens.user(user));

    List<CompletableFuture<List<String>>> concurrent = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      GraphQLClient client = i % 2 == 0 ? owner : admin;
      concurrent.add(CompletableFuture.supplyAsync(() -> urls(client, user)));
    }
    Set<List<String>> answers = concurrent.stream().map(CompletableFuture::join).collect(Collectors.toSet());

    assertThat(answers).hasSize(1);
    List<String> urls = answers.iterator().next();
    assertThat(urls).hasSize(2).doesNotContainNull().doesNotHaveDuplicates();
    assertThat(urls(SERVICE.graphql(TestTokens.user(user())), user)).containsExactly(null, null);
    assertThat(count("SELECT count(*) FROM badge_credentials WHERE user_id = $1", user)).isEqualTo(2);
    JsonObject first = verifier.get(urls.get(0), "application/json").json().getJsonObject("credentialSubject");
    JsonObject second = verifier.get(urls.get(1), "application/json").json().getJsonObject("credentialSubject");
    assertThat(first.getString("id")).isNotEqualTo(second.getString("id"));
    JsonObject firstIdentity = first.getJsonArray("identifier").getJsonObject(0);
    JsonObject secondIdentity = second.getJsonArray("identifier").getJsonObject(0);
    assertThat(firstIdentity.getString("salt")).isNotEqualTo(secondIdentity.getString("salt"));
    assertThat(firstIdentity.getString("identityHash")).isNotEqualTo(secondIdentity.getString("identityHash"));
  }

  @Test
  @DisplayName("a credential answers the compact JWT by default and for Accept: application/vc+jwt, its JSON for"
    + " application/json or application/ld+json, by quality; 406 for types it has not")
  void contentNegotiation() {
    String user = user();
    earn(user, badge("Negotiator", "Asked in many ways"));
    String url = badges(admin, user).get(0).getString("credentialUrl");

    assertThat(verifier.get(url, "application/vc+jwt").contentType()).startsWith("application/vc+jwt");
    assertThat(verifier.get(url, "text/html,application/xhtml+xml,*/*;q=0.8").contentType()).startsWith("application/vc+jwt");
    assertThat(verifier.get(url, "application/json;q=0.5, application/vc+jwt").contentType()).startsWith("application/vc+jwt");
    assertThat(verifier.get(url, "application/vc+jwt;q=0.5, application/json").contentType()).startsWith("application/json");
    Fetched ld = verifier.get(url, "application/ld+json");
    assertThat(ld.contentType()).startsWith("application/ld+json");
    assertThat(ld.json().getString("id")).isEqualTo(url);
    assertThat(verifier.get(url, "text/plain").status()).isEqualTo(406);
  }

  @Test
  @DisplayName("the JWK set lists public keys only, each with its kid, RS256 and use sig")
  void jwksHoldsPublicKeysOnly() {
    Fetched fetched = verifier.get(JWKS, null);

    assertThat(fetched.status()).isEqualTo(200);
    JsonArray keys = fetched.json().getJsonArray("keys");
    assertThat(keys).isNotEmpty();
    for (Object key : keys) {
      JsonObject jwk = (JsonObject) key;
      assertThat(jwk.fieldNames()).containsExactlyInAnyOrder("kty", "n", "e", "kid", "alg", "use");
      assertThat(jwk.getString("kty")).isEqualTo("RSA");
      assertThat(jwk.getString("alg")).isEqualTo("RS256");
      assertThat(jwk.getString("kid")).startsWith(BASE + "/ob/v3/keys/");
    }
  }

  private static JsonWebKey jwk(String json) {
    try {
      return JsonWebKey.Factory.newJwk(json);
    } catch (JoseException e) {
      throw new AssertionError(e);
    }
  }

  /** The credentialUrl of each of the user's badges, as {@code client} sees them. */
  private static List<String> urls(GraphQLClient client, String user) {
    return badges(client, user).stream().map(b -> b.getString("credentialUrl")).toList();
  }

  private static List<JsonObject> badges(GraphQLClient client, String user) {
    return client.data(BADGES, new JsonObject().put("u", user)).getJsonObject("gamificationProfile")
      .getJsonArray("badges").stream().map(JsonObject.class::cast).toList();
  }

  /** A new badge, with the icon {@link #icon(String)} of its name. */
  private static String badge(String name, String description) {
    return admin.data("mutation($i: BadgeInput!) { createBadge(input: $i) { id } }", new JsonObject().put("i",
      new JsonObject().put("name", name).put("description", description).put("iconUrl", icon(name))))
      .getJsonObject("createBadge").getString("id");
  }

  private static String icon(String name) {
    return "https://cdn.test/icons/" + name.toLowerCase(Locale.ROOT).replace(' ', '-') + ".png";
  }

  /** Grants the badge to the user through the engine: a rule on a new event name, and one event. Returns the name. */
  private static String earn(String user, String badge) {
    String event = "cred.e" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin.data("mutation($i: RuleInput!) { createRule(input: $i) { id } }", new JsonObject().put("i", new JsonObject()
      .put("eventName", event).put("description", "grants badge " + badge).put("badgeId", badge)));
    SERVICE.events().send(event, user, "entity-" + UUID.randomUUID());
    Await.until("the user holds badge " + badge, () -> badges(admin, user).stream()
      .anyMatch(b -> b.getJsonObject("badge").getString("id").equals(badge)));
    return event;
  }

  private static long count(String sql, String user) {
    return Await.result(SERVICE.db().preparedQuery(sql).execute(Tuple.of(user))).iterator().next().getLong(0);
  }

  private static String user() {
    return "learner-" + UUID.randomUUID();
  }
}
