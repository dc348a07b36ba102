package com.gigsy.gamification.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The reply on {@link Addresses#EVENTS_APPLY}: one outcome per event of the batch, same order.
 * Every outcome but {@link Status#REJECTED} is durable in PostgreSQL when the reply is sent.
 * JSON shape: {@code {"outcomes": [{"status": "APPLIED", "rewards": 2}, {"status": "REJECTED", "reason": "..."}]}}.
 */
public record ApplyResult(List<Outcome> outcomes) {

  public enum Status {
    /** First time seen; its rewards (possibly none) are committed. */
    APPLIED,
    /** Its event id was seen before; nothing changed. */
    DUPLICATE,
    /** PostgreSQL refused it permanently; nothing of it was written and its id is not marked seen. */
    REJECTED
  }

  public record Outcome(Status status, int rewards, String reason) {

    public static Outcome applied(int rewards) {
      return new Outcome(Status.APPLIED, rewards, null);
    }

    public static Outcome duplicate() {
      return new Outcome(Status.DUPLICATE, 0, null);
    }

    public static Outcome rejected(String reason) {
      return new Outcome(Status.REJECTED, 0, reason);
    }
  }

  public ApplyResult {
    outcomes = List.copyOf(outcomes);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    for (Outcome outcome : outcomes) {
      JsonObject json = new JsonObject().put("status", outcome.status().name()).put("rewards", outcome.rewards());
      if (outcome.reason() != null) {
        json.put("reason", outcome.reason());
      }
      array.add(json);
    }
    return new JsonObject().put("outcomes", array);
  }

  public static ApplyResult fromJson(JsonObject json) {
    return new ApplyResult(json.getJsonArray("outcomes").stream()
      .map(JsonObject.class::cast)
      .map(o -> new Outcome(Status.valueOf(o.getString("status")), o.getInteger("rewards", 0), o.getString("reason")))
      .toList());
  }
}
