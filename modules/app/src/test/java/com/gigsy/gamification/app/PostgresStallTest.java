package com.gigsy.gamification.app;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.EventSender;
import com.gigsy.gamification.testing.InProcessService;
import com.gigsy.gamification.testing.PgProxy;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL that stops answering (issue 13, items 8 and 11): with GAMIFICATION_PG_STATEMENT_TIMEOUT of 1 s, ingest
 * holds its batch within seconds instead of waiting a minute for the engine, readiness answers 503 within the timeout,
 * and everything resumes once PostgreSQL answers again. Health and metrics live on the management port only, and a
 * flood of readiness probes costs PostgreSQL about one check a second.
 */
class PostgresStallTest {

  @RegisterExtension
  static final Closer CLOSER = new Closer();

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5)).build();

  private static PgProxy proxy;
  private static InProcessService service;
  private static GamificationConfig direct;
  private static Pool db;
  private static EventSender events;

  @BeforeAll
  static void start() {
    direct = TestStack.get().config().with(Setting.PG_STATEMENT_TIMEOUT, "PT1S").with(Setting.MANAGEMENT_PORT, "0");
    proxy = CLOSER.add(PgProxy.before(direct));
    service = CLOSER.add(InProcessService.start(Service::start, proxy.through(direct)));
    Vertx vertx = Vertx.vertx();
    CLOSER.add(() -> Await.result(vertx.close()));
    db = PgPools.create(vertx, direct, "stall-test", 1);
    CLOSER.add(() -> Await.result(db.close()));
    events = CLOSER.add(new EventSender(TestStack.get().kafkaBootstrap(), direct.eventsTopic()));
  }

  @Test
  @DisplayName("Health and metrics are served on the management port, and no longer on the API port")
  void managementPort() {
    assertThat(service.managementPort()).isPositive().isNotEqualTo(service.httpPort());
    assertThat(get(service.managementPort(), "/health/ready").statusCode()).isEqualTo(200);
    assertThat(get(service.managementPort(), "/health/live").statusCode()).isEqualTo(200);
    assertThat(get(service.managementPort(), "/metrics").body()).contains("gamification_events_consumed_total");
    assertThat(get(service.httpPort(), "/health/ready").statusCode()).isEqualTo(404);
    assertThat(get(service.httpPort(), "/metrics").statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("A flood of 300 readiness probes costs PostgreSQL a handful of checks, not 300")
  void readinessIsCached() {
    // the service's own background work (relay, leaderboard) commits too: measure it over as long a quiet spell
    long quietStart = committedTransactions();
    long quietFrom = System.nanoTime();
    Await.until("a quiet spell of 2 s", Duration.ofSeconds(10), () -> System.nanoTime() - quietFrom > 2_000_000_000L);
    long background = committedTransactions() - quietStart;

    long before = committedTransactions();
    long floodFrom = System.nanoTime();
    for (int i = 0; i < 300; i++) {
      assertThat(get(service.managementPort(), "/health/ready").statusCode()).isEqualTo(200);
    }
    // statistics reach pg_stat_database within about half a second
    Await.until("the statistics settle", Duration.ofSeconds(10), () -> System.nanoTime() - floodFrom > 4_000_000_000L);
    assertThat(committedTransactions() - before).as("transactions during the flood (background: " + background + ")")
      .isLessThan(background * 3 + 50);
  }

  @Test
  @DisplayName("PostgreSQL stops answering: ingest holds its batch and readiness is 503 within the statement timeout; then it resumes")
  void stall() {
    String user = "stalled-" + UUID.randomUUID();
    String first = events.send("course.completed", user, null).getString("eventId");
    Await.until("the first event is applied", () -> processed(first));

    proxy.stall();
    try {
      String second = events.send("course.completed", user, null).getString("eventId");
      Await.until("ingest holds the batch PostgreSQL does not answer", Duration.ofSeconds(10),
        () -> service.gauge("gamification.consumer.held") > 0);
      Await.until("a cached answer is stale", Duration.ofSeconds(5), () -> {
        long asked = System.nanoTime();
        HttpResponse<String> ready = get(service.managementPort(), "/health/ready");
        long tookMs = (System.nanoTime() - asked) / 1_000_000;
        assertThat(tookMs).as("a readiness answer takes at most the statement timeout").isLessThan(1_800);
        return ready.statusCode() == 503 && ready.body().contains("postgres");
      });

      proxy.restore();
      Await.until("the held event is applied once PostgreSQL answers", Duration.ofSeconds(60), () -> processed(second));
      Await.until("ready again", () -> get(service.managementPort(), "/health/ready").statusCode() == 200);
    } finally {
      proxy.restore();
    }
  }

  private static long committedTransactions() {
    return Await.result(db.query("SELECT pg_stat_clear_snapshot()").execute()
      .compose(v -> db.query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").execute()))
      .iterator().next().getLong(0);
  }

  private static boolean processed(String eventId) {
    return Await.result(db.preparedQuery("SELECT count(*) FROM processed_events WHERE event_id = $1")
      .execute(Tuple.of(eventId))).iterator().next().getLong(0) == 1;
  }

  private static HttpResponse<String> get(int port, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("GET " + path + " failed: " + e, e);
    }
  }
}
