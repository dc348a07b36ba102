package com.gigsy.gamification.api.credentials;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The public documents of Open Badges (CONTRACT §9), without a bearer token: anyone holding a credential's URL may
 * verify it, and nothing else is reachable — a credential id is 128 random bits, an unknown or malformed one is a 404
 * like any other. Errors are {@code {"error": …}}. Browsers of other origins may read them (they are public).
 */
final class CredentialRoutes {

  static final String JWT_TYPE = "application/vc+jwt";
  private static final String JSON_TYPE = "application/json";
  private static final String JSON_LD_TYPE = "application/ld+json";

  private static final Pattern CREDENTIAL_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final Pattern BADGE_ID = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Pattern THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** Documents that change only when the catalog or the keys do. */
  private static final String CACHE_PUBLIC = "public, max-age=300";
  /** A credential (its badge may be edited) and its status (it may be revoked): revalidated at each use. */
  private static final String CACHE_REVALIDATE = "no-cache";

  private final CredentialRepository repository;
  private final OpenBadges documents;
  private final IssuerKey key;

  CredentialRoutes(CredentialRepository repository, OpenBadges documents, IssuerKey key) {
    this.repository = repository;
    this.documents = documents;
    this.key = key;
  }

  void mount(Router router) {
    router.get(OpenBadges.JWKS_PATH).handler(this::jwks);
    router.get(OpenBadges.KEYS_PATH + ":thumbprint").handler(this::key);
    router.get(OpenBadges.ISSUER_PATH).handler(rc -> json(rc, 200, documents.issuer(), JSON_TYPE, CACHE_PUBLIC));
    router.get(OpenBadges.ACHIEVEMENTS_PATH + ":badgeId").handler(this::achievement);
    router.get(OpenBadges.CREDENTIALS_PATH + ":credentialId").handler(this::credential);
    router.get(OpenBadges.STATUS_PATH + ":credentialId").handler(this::status);
  }

  /** Where credentials are not issued: every path of them answers 404, saying why. */
  static void mountDisabled(Router router, String reason) {
    JsonObject body = new JsonObject().put("error", reason);
    for (String path : List.of(OpenBadges.JWKS_PATH, OpenBadges.ISSUER_PATH, OpenBadges.KEYS_PATH + "*",
      OpenBadges.ACHIEVEMENTS_PATH + "*", OpenBadges.CREDENTIALS_PATH + "*", OpenBadges.STATUS_PATH + "*")) {
      router.get(path).handler(rc -> json(rc, 404, body, JSON_TYPE, CACHE_REVALIDATE));
    }
  }

  /** The current key first, then every earlier one, so credentials signed before a rotation still verify. */
  private void jwks(RoutingContext rc) {
    repository.keys().onSuccess(recorded -> {
      JsonArray keys = new JsonArray().add(documents.jwk(key.thumbprint(), key.publicJwk()));
      recorded.forEach((thumbprint, jwk) -> {
        if (!thumbprint.equals(key.thumbprint())) {
          keys.add(documents.jwk(thumbprint, jwk));
        }
      });
      json(rc, 200, new JsonObject().put("keys", keys), "application/jwk-set+json", CACHE_PUBLIC);
    }).onFailure(rc::fail);
  }

  /** One public key, where a JWT's {@code kid} points: the current one, or one recorded before. */
  private void key(RoutingContext rc) {
    found(rc, "thumbprint", THUMBPRINT, "No such key",
      thumbprint -> thumbprint.equals(key.thumbprint()) ? Future.succeededFuture(key.publicJwk()) : repository.key(thumbprint),
      jwk -> json(rc, 200, documents.jwk(rc.pathParam("thumbprint"), jwk), "application/jwk+json", CACHE_PUBLIC));
  }

  private void achievement(RoutingContext rc) {
    found(rc, "badgeId", BADGE_ID, "No such achievement", badgeId -> repository.achievement(Long.parseLong(badgeId)),
      badge -> json(rc, 200, documents.achievement(badge), JSON_TYPE, CACHE_PUBLIC));
  }

  /**
   * The credential: the compact VC-JWT (the default, and for {@code Accept: application/vc+jwt}), or its JSON for
   * {@code Accept: application/json} (or {@code application/ld+json}). Signed when asked for, off the event loop.
   */
  private void credential(RoutingContext rc) {
    String representation = representation(rc);
    if (representation == null) {
      json(rc, 406, new JsonObject().put("error", "Acceptable types: " + JWT_TYPE + ", " + JSON_TYPE + ", "
        + JSON_LD_TYPE), JSON_TYPE, CACHE_REVALIDATE);
      return;
    }
    rc.response().putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    withAward(rc, award -> {
      JsonObject credential = documents.credential(award);
      if (!representation.equals(JWT_TYPE)) {
        json(rc, 200, credential, representation, CACHE_REVALIDATE);
        return;
      }
      String payload = documents.jwtPayload(credential, award).encode();
      String kid = documents.keyId(key.thumbprint());
      rc.vertx().executeBlocking(() -> key.sign(payload, kid), false)
        .onSuccess(jwt -> headers(rc, 200, JWT_TYPE, CACHE_REVALIDATE).end(jwt))
        .onFailure(rc::fail);
    });
  }

  /** The credential's status list: whether it was revoked. */
  private void status(RoutingContext rc) {
    withAward(rc, award -> json(rc, 200, documents.revocationList(award), JSON_TYPE, CACHE_REVALIDATE));
  }

  private void withAward(RoutingContext rc, Consumer<Award> answer) {
    found(rc, "credentialId", CREDENTIAL_ID, "No such credential", repository::award, answer);
  }

  /**
   * Answers with what the path parameter {@code name} names, found by {@code find} (null when there is none); a value
   * not of the {@code shape} of an id is not looked up. Either is a 404 saying {@code missing}.
   */
  private static <T> void found(RoutingContext rc, String name, Pattern shape, String missing,
                                Function<String, Future<T>> find, Consumer<T> answer) {
    String value = rc.pathParam(name);
    if (!shape.matcher(value).matches()) {
      notFound(rc, missing);
      return;
    }
    find.apply(value).onSuccess(result -> {
      if (result == null) {
        notFound(rc, missing);
      } else {
        answer.accept(result);
      }
    }).onFailure(rc::fail);
  }

  /**
   * The representation the request accepts best, by quality: {@link #JWT_TYPE} for it, {@code application/jwt},
   * anything or no Accept header; a JSON type for one; null for none of them.
   */
  private static String representation(RoutingContext rc) {
    List<MIMEHeader> accepted = rc.parsedHeaders().accept();
    if (accepted.isEmpty()) {
      return JWT_TYPE;
    }
    Map<String, String> known = Map.of(JWT_TYPE, JWT_TYPE, "application/jwt", JWT_TYPE, "*/*", JWT_TYPE,
      "application/*", JWT_TYPE, JSON_TYPE, JSON_TYPE, JSON_LD_TYPE, JSON_LD_TYPE);
    return accepted.stream()
      .filter(type -> type.weight() > 0)
      .sorted(Comparator.comparingDouble(MIMEHeader::weight).reversed())
      .map(type -> known.get(type.component() + "/" + type.subComponent()))
      .filter(Objects::nonNull)
      .findFirst().orElse(null);
  }

  private static void notFound(RoutingContext rc, String message) {
    json(rc, 404, new JsonObject().put("error", message), JSON_TYPE, CACHE_REVALIDATE);
  }

  private static void json(RoutingContext rc, int status, JsonObject body, String type, String cache) {
    headers(rc, status, type, cache).end(body.toBuffer());
  }

  private static HttpServerResponse headers(RoutingContext rc, int status, String type, String cache) {
    return rc.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, type)
      .putHeader(HttpHeaders.CACHE_CONTROL, cache)
      .putHeader("X-Content-Type-Options", "nosniff")
      .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
  }
}
