package com.gigsy.gamification.api.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the tokens another verifier accepted, so a client sending the same bearer token with every
 * request pays for one signature check per minute rather than one per request. An entry lasts until
 * the token's {@code exp} or for {@link #TTL_MILLIS}, whichever comes first — a key withdrawn from the
 * JWKS stops being honoured within that time. Refusals are not remembered.
 */
final class TokenCache implements TokenVerifier {

  static final long TTL_MILLIS = 60_000;
  static final int MAX_ENTRIES = 10_000;

  private record Entry(Caller caller, long until) {
  }

  private final TokenVerifier verifier;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  TokenCache(TokenVerifier verifier, Clock clock) {
    this.verifier = verifier;
    this.clock = clock;
  }

  @Override
  public Future<Caller> verify(String token) {
    long now = clock.millis();
    Entry entry = entries.get(token);
    if (entry != null) {
      if (now < entry.until()) {
        return Future.succeededFuture(entry.caller());
      }
      entries.remove(token, entry);
    }
    return verifier.verify(token).onSuccess(caller -> remember(token, caller, now));
  }

  private void remember(String token, Caller caller, long now) {
    long expires = expiryMillis(token);
    long until = Math.min(expires, now + TTL_MILLIS);
    if (until <= now) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.values().removeIf(e -> e.until() <= now);
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
    }
    entries.put(token, new Entry(caller, until));
  }

  /** The {@code exp} of a token the verifier accepted (so its payload is authentic), in epoch milliseconds. */
  private static long expiryMillis(String token) {
    String[] parts = token.split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    return claims.getLong("exp") * 1000;
  }

  @Override
  public Future<Void> close() {
    entries.clear();
    return verifier.close();
  }
}
