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
 * describes the cluster, both within a short bound. The answer names what is down; the causes go
 * to the log only.
 */
final class ReadinessProbe {

  private static final Logger LOG = LoggerFactory.getLogger(ReadinessProbe.class);

  /** How long each check may take; a probe answers within about this bound. */
  static final long CHECK_TIMEOUT_MS = 2_500;

  private final SqlClient postgres;
  private final KafkaAdminClient kafka;

  ReadinessProbe(SqlClient postgres, KafkaAdminClient kafka) {
    this.postgres = postgres;
    this.kafka = kafka;
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

  /** Always succeeds, with {@code {"status":"UP"|"DOWN","checks":{…},"down":[…]}}. */
  Future<JsonObject> check() {
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

  private static Future<Void> bounded(String name, Future<Void> check) {
    return check.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .onFailure(cause -> LOG.warn("Readiness: {} is not reachable: {}", name, cause.toString()));
  }
}
