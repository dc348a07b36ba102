package com.gigsy.gamification.api.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCacheTest {

  private static final long NOW = 1_790_000_000L;   // epoch seconds

  /** A verifier that accepts tokens whose signature part is "good" and counts its calls. */
  private final List<String> checked = new ArrayList<>();
  private final TokenVerifier inner = new TokenVerifier() {
    @Override
    public Future<Caller> verify(String token) {
      checked.add(token);
      return token.endsWith(".good") ? Future.succeededFuture(new Caller("u1", false))
        : Future.failedFuture("bad signature");
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  };
  private Instant now = Instant.ofEpochSecond(NOW);
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final TokenCache cache = new TokenCache(inner, clock);

  @Test
  @DisplayName("An accepted token is checked once, then served from memory for a minute")
  void remembersForAMinute() {
    String token = token(NOW + 3600, "good");
    for (int i = 0; i < 5; i++) {
      assertThat(cache.verify(token).result()).isEqualTo(new Caller("u1", false));
    }
    assertThat(checked).hasSize(1);

    now = now.plusSeconds(61);
    assertThat(cache.verify(token).succeeded()).isTrue();
    assertThat(checked).hasSize(2);
  }

  @Test
  @DisplayName("A remembered token is checked again once it expires, so the verifier refuses it")
  void neverOutlivesExp() {
    String token = token(NOW + 10, "good");
    assertThat(cache.verify(token).succeeded()).isTrue();
    now = now.plusSeconds(10);
    cache.verify(token);
    assertThat(checked).hasSize(2);
  }

  @Test
  @DisplayName("Refusals are not remembered")
  void refusalsAreCheckedEachTime() {
    String token = token(NOW + 3600, "bad");
    assertThat(cache.verify(token).failed()).isTrue();
    assertThat(cache.verify(token).failed()).isTrue();
    assertThat(checked).hasSize(2);
  }

  private static String token(long exp, String signature) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String header = base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
    String payload = base64.encodeToString(new JsonObject().put("sub", "u1").put("exp", exp).encode()
      .getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + "." + signature;
  }
}
