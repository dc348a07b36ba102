package com.gigsy.gamification.core;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Turns the value of a Kafka record into a {@link GamificationEvent}, or says in one sentence why it
 * cannot (CONTRACT §2). Pure: no I/O, safe to call from any thread.
 */
public final class EventParser {

  /** Records larger than this are refused before parsing. */
  public static final int MAX_RECORD_BYTES = 64 * 1024;

  private static final Instant EARLIEST = Instant.EPOCH;
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
  private static final Pattern EVENT_NAME = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

  private EventParser() {
  }

  /**
   * The outcome of parsing one record: exactly one of {@code event} and {@code error} is set.
   * {@code eventId} is the record's event id when one could be read, even from an invalid record
   * (for logs, where it goes through {@link LogSafe}: an invalid record's id is raw input), else {@code null}.
   */
  public record Result(GamificationEvent event, String error, String eventId) {

    static Result ok(GamificationEvent event) {
      return new Result(event, null, event.eventId());
    }

    static Result invalid(String error) {
      return new Result(null, error, null);
    }

    static Result invalid(String error, JsonObject json) {
      Object id = json.getValue("eventId");
      return new Result(null, error, id instanceof String s && s.length() <= 128 ? s : null);
    }

    public boolean valid() {
      return event != null;
    }
  }

  /**
   * @param value           the record value, as received
   * @param recordTimestamp the record's timestamp, used when the event has no {@code occurredAt}
   */
  public static Result parse(byte[] value, Instant recordTimestamp) {
    if (value == null) {
      return Result.invalid("record has no value");
    }
    if (value.length > MAX_RECORD_BYTES) {
      return Result.invalid("record is " + value.length + " bytes, more than the limit of " + MAX_RECORD_BYTES);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(value))
        .toString();
    } catch (CharacterCodingException e) {
      return Result.invalid("record value is not valid UTF-8");
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return Result.invalid("record value is not a JSON object");
    }
    try {
      String eventId = string(json, "eventId", 128, true);
      String eventName = string(json, "eventName", 128, true);
      if (!EVENT_NAME.matcher(eventName).matches()) {
        return Result.invalid("eventName '" + LogSafe.escape(eventName) + "' does not match [a-z0-9_]+(\\.[a-z0-9_]+)*", json);
      }
      String userId = string(json, "userId", 128, true);
      String relatedEntityId = string(json, "relatedEntityId", 256, false);
      String actorId = string(json, "actorId", 128, false);
      String occurredAtText = string(json, "occurredAt", 64, false);
      Instant occurredAt = occurredAtText == null ? recordTimestamp : instant(occurredAtText);
      String attributes = EventAttributes.normalize(json.getValue("attributes"));
      return Result.ok(new GamificationEvent(eventId, eventName, userId, relatedEntityId, occurredAt,
        actorId == null ? GamificationEvent.DEFAULT_ACTOR : actorId, attributes));
    } catch (IllegalArgumentException e) {
      return Result.invalid(e.getMessage(), json);
    }
  }

  private static String string(JsonObject json, String field, int maxLength, boolean required) {
    Object raw = json.getValue(field);
    if (raw == null) {
      if (required) {
        throw new IllegalArgumentException(field + " is required");
      }
      return null;
    }
    if (!(raw instanceof String value)) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    int length = value.codePointCount(0, value.length());
    if (length < 1 || length > maxLength) {
      throw new IllegalArgumentException(field + " must be 1 to " + maxLength + " characters, got " + length);
    }
    String problem = TextRules.problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(field + " " + problem);
    }
    return value;
  }

  private static Instant instant(String text) {
    Instant instant = IsoInstants.parseCommon(text);
    if (instant == null) {
      instant = instantSlowly(text);
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new IllegalArgumentException("occurredAt '" + LogSafe.escape(text) + "' is outside the years 1970 to 9999");
    }
    return instant;
  }

  /** Any ISO-8601 instant {@link OffsetDateTime} or {@link Instant} can read. */
  private static Instant instantSlowly(String text) {
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        instant = Instant.parse(text);
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException("occurredAt '" + LogSafe.escape(text) + "' is not an ISO-8601 instant");
      }
    }
    return instant;
  }
}
