package com.gigsy.gamification.app;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.InProcessService;
import com.gigsy.gamification.testing.PgProxy;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /health/ready} follows the reachability of PostgreSQL and Kafka; {@code /health/live} does not. */
class HealthReadinessTest {

  private static final Duration NOTICED = Duration.ofSeconds(20);

  @RegisterExtension
  static final Closer CLOSER = new Closer();

  private static PgProxy proxy;
  private static InProcessService service;
  private static final HttpClient HTTP = HttpClient.newBuilder()
    .version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5))
    .build();

  @BeforeAll
  static void start() {
    GamificationConfig direct = TestStack.get().config();
    proxy = CLOSER.add(PgProxy.before(direct));
    service = CLOSER.add(InProcessService.start(Service::start, proxy.through(direct)));
    // closed first: the service stops cleanly only with the broker up
    CLOSER.add(TestStack.get()::ensureKafkaRunning);
  }

  @Test
  @DisplayName("PostgreSQL cut: ready is 503 naming postgres while live stays 200; restored: ready is 200 again")
  void postgresCut() {
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    proxy.cut();
    try {
      Await.until("ready is 503", NOTICED, () -> get("/health/ready").statusCode() == 503);
      HttpResponse<String> ready = get("/health/ready");
      assertThat(new JsonObject(ready.body()).getJsonArray("down").getList()).containsExactly("postgres");
      assertThat(get("/health/live").statusCode()).isEqualTo(200);
    } finally {
      proxy.restore();
    }
    Await.until("ready is 200 again", NOTICED, () -> get("/health/ready").statusCode() == 200);
  }

  @Test
  @DisplayName("Kafka broker stopped: ready is 503 naming kafka; restarted: ready is 200 again")
  void brokerStopped() throws IOException {
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    TestStack.get().kafka().stop();
    try {
      Await.until("ready is 503", NOTICED, () -> get("/health/ready").statusCode() == 503);
      assertThat(new JsonObject(get("/health/ready").body()).getJsonArray("down").getList()).containsExactly("kafka");
      assertThat(get("/health/live").statusCode()).isEqualTo(200);
    } finally {
      TestStack.get().kafka().start();
    }
    Await.until("ready is 200 again", NOTICED, () -> get("/health/ready").statusCode() == 200);
  }

  private static HttpResponse<String> get(String path) {
    try {
      // the request timeout covers the headers only: bound the whole exchange, body included
      return HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).get(15, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("GET " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
