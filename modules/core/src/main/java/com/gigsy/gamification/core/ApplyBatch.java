package com.gigsy.gamification.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The request on {@link Addresses#EVENTS_APPLY}: validated events in the order they were consumed.
 * JSON shape: {@code {"events": [GamificationEvent...]}}.
 */
public record ApplyBatch(List<GamificationEvent> events) {

  public ApplyBatch {
    events = List.copyOf(events);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    events.forEach(event -> array.add(event.toJson()));
    return new JsonObject().put("events", array);
  }

  public static ApplyBatch fromJson(JsonObject json) {
    JsonArray array = json.getJsonArray("events");
    return new ApplyBatch(array.stream().map(o -> GamificationEvent.fromJson((JsonObject) o)).toList());
  }
}
