package com.gigsy.gamification.api;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.KafkaClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether the service can do its work: PostgreSQL answers {@code SELECT 1} and a Kafka broker
 * describes the cluster, both within a short bound (2.5 s, or the statement timeout when shorter). The answer names
 * what is down; the causes go to the log only. An answer is kept for {@value #CACHE_MILLIS} ms and probes arriving
 * while a check runs share it, so a flood of probes costs at most one check a second per api verticle and never
 * competes with real queries for connections.
 */
final class ReadinessProbe {

  private static final Logger LOG = LoggerFactory.getLogger(ReadinessProbe.class);

  /** How long each check may take at most; a probe answers within about this bound. */
  static final long CHECK_TIMEOUT_MS = 2_500;
  /** How long an answer is given again without checking. */
  static final long CACHE_MILLIS = 1_000;

  private final SqlClient postgres;
  private final KafkaAdminClient kafka;
  private final long checkTimeoutMs;
  private Future<JsonObject> latest;
  private long latestAt;

  /** @param statementTimeout a PostgreSQL that does not answer within it is reported down */
  ReadinessProbe(SqlClient postgres, KafkaAdminClient kafka, java.time.Duration statementTimeout) {
    this.postgres = postgres;
    this.kafka = kafka;
    this.checkTimeoutMs = Math.min(CHECK_TIMEOUT_MS, statementTimeout.toMillis());
  }

  /** The Kafka admin client of the probe: bounded so that a probe never waits on a dead broker for long. Blocking. */
  static KafkaAdminClient kafkaAdmin(Vertx vertx, GamificationConfig config) {
    String timeout = Long.toString(CHECK_TIMEOUT_MS);
    return KafkaClients.admin(vertx, config, "gamification-api-readiness", Map.of(
      "request.timeout.ms", timeout,
      "default.api.timeout.ms", timeout,
      "socket.connection.setup.timeout.ms", timeout,
      "socket.connection.setup.timeout.max.ms", timeout,
      "reconnect.backoff.max.ms", timeout));
  }

  /**
   * Always succeeds, with {@code {"status":"UP"|"DOWN","checks":{…},"down":[…]}}: the answer of a check under way or
   * less than {@value #CACHE_MILLIS} ms old, else a new one. Called on the verticle's event loop.
   */
  Future<JsonObject> check() {
    long now = System.nanoTime();
    if (latest != null && (!latest.isComplete() || now - latestAt < CACHE_MILLIS * 1_000_000)) {
      return latest;
    }
    latest = checkNow().onComplete(done -> latestAt = System.nanoTime());
    return latest;
  }

  private Future<JsonObject> checkNow() {
    Future<Void> pg = bounded("postgres", postgres.query("SELECT 1").execute().mapEmpty());
    Future<Void> broker = bounded("kafka", kafka.describeCluster().mapEmpty());
    return Future.join(pg, broker).transform(ignored -> {
      JsonObject checks = new JsonObject()
        .put("postgres", pg.succeeded() ? "UP" : "DOWN")
        .put("kafka", broker.succeeded() ? "UP" : "DOWN");
      JsonArray down = new JsonArray();
      checks.forEach(entry -> {
        if ("DOWN".equals(entry.getValue())) {
          down.add(entry.getKey());
        }
      });
      return Future.succeededFuture(new JsonObject()
        .put("status", down.isEmpty() ? "UP" : "DOWN")
        .put("checks", checks)
        .put("down", down));
    });
  }

  private Future<Void> bounded(String name, Future<Void> check) {
    return check.timeout(checkTimeoutMs, TimeUnit.MILLISECONDS)
      .onFailure(cause -> LOG.warn("Readiness: {} is not reachable: {}", name, cause.toString()));
  }
}
