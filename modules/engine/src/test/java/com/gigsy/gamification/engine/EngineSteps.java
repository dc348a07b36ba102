package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.ApplyBatch;
import com.gigsy.gamification.core.ApplyResult;
import com.gigsy.gamification.core.GamificationEvent;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What the engine's tests do again and again: names of their own, events handed to the engine as ingest hands them, SQL reads. */
final class EngineSteps {

  private final TestService service;

  EngineSteps(TestService service) {
    this.service = service;
  }

  /** An event name of the calling test alone: the tests share one database, and rules match every event of their name. */
  static String unique(String eventName) {
    return eventName + ".t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  static String user() {
    return "u-" + UUID.randomUUID();
  }

  static GamificationEvent event(String user, String name, String entity, Instant at, JsonObject attributes) {
    return new GamificationEvent(user + "-" + entity + "-" + UUID.randomUUID(), name, user, entity, at, "test",
      attributes == null ? null : attributes.encode());
  }

  /** Hands a batch to the engine, as ingest does; the outcome of each event. */
  Future<ApplyResult> send(List<GamificationEvent> events) {
    return service.vertx().eventBus().<ApplyResult>request(Addresses.EVENTS_APPLY, new ApplyBatch(events))
      .map(reply -> reply.body());
  }

  List<Row> rows(String sql, Object... params) {
    List<Row> rows = new ArrayList<>();
    Await.result(service.db().preparedQuery(sql).execute(Tuple.from(params))).forEach(rows::add);
    return rows;
  }

  long count(String sql, Object... params) {
    return rows(sql, params).get(0).getLong(0);
  }
}
