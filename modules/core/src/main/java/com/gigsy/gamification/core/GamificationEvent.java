package com.gigsy.gamification.core;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * A validated event of {@code gigsy.events} (CONTRACT §2), as ingest hands it to the engine.
 *
 * @param relatedEntityId {@code null} when the event names no entity
 * @param occurredAt      the event's own time, or the Kafka record's timestamp when it carried none
 * @param actorId         who caused it; {@code system} when the event did not say
 * @param attributes      the event's attributes as a JSON object without null entries ({@link EventAttributes}),
 *                        {@code null} when it has none
 */
public record GamificationEvent(
  String eventId,
  String eventName,
  String userId,
  String relatedEntityId,
  Instant occurredAt,
  String actorId,
  String attributes) {

  public static final String DEFAULT_ACTOR = "system";

  /** An event without attributes. */
  public GamificationEvent(String eventId, String eventName, String userId, String relatedEntityId, Instant occurredAt,
                           String actorId) {
    this(eventId, eventName, userId, relatedEntityId, occurredAt, actorId, null);
  }

  public GamificationEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(actorId, "actorId");
  }

  /**
   * The key under which a rule's points are granted at most once (CONTRACT §3): the related entity
   * when there is one, else the event itself. The prefixes keep the two kinds apart.
   */
  public String dedupeKey() {
    return relatedEntityId != null ? "entity:" + relatedEntityId : "event:" + eventId;
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("eventId", eventId)
      .put("eventName", eventName)
      .put("userId", userId)
      .put("relatedEntityId", relatedEntityId)
      .put("occurredAt", occurredAt.toString())
      .put("actorId", actorId)
      .put("attributes", attributes == null ? null : new JsonObject(attributes));
  }

  public static GamificationEvent fromJson(JsonObject json) {
    return new GamificationEvent(
      json.getString("eventId"),
      json.getString("eventName"),
      json.getString("userId"),
      json.getString("relatedEntityId"),
      Instant.parse(json.getString("occurredAt")),
      json.getString("actorId"),
      json.getJsonObject("attributes") == null ? null : json.getJsonObject("attributes").encode());
  }
}
