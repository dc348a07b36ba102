package com.gigsy.gamification.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code attributes} of an event (CONTRACT §7): at most {@value #MAX_ENTRIES} entries, each key
 * {@code [A-Za-z_][A-Za-z0-9_]{0,63}}, each value a string (at most {@value #MAX_STRING_LENGTH} characters, no
 * control character), a finite number, a boolean, or {@code null} (the same as absent, so dropped).
 */
public final class EventAttributes {

  public static final int MAX_ENTRIES = 32;
  public static final int MAX_STRING_LENGTH = 256;
  /** The pattern of an attribute name, in events and in rules. */
  public static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private EventAttributes() {
  }

  /**
   * The attributes as stored with the event: a JSON object without its null entries, or {@code null} when the
   * event has none.
   *
   * @param raw the {@code attributes} field as parsed, {@code null} when absent
   * @throws IllegalArgumentException saying what is wrong, naming the key
   */
  public static String normalize(Object raw) {
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof JsonObject attributes)) {
      throw new IllegalArgumentException("attributes must be an object");
    }
    if (attributes.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("attributes has " + attributes.size() + " entries, more than " + MAX_ENTRIES);
    }
    JsonObject kept = new JsonObject();
    for (Map.Entry<String, Object> entry : attributes) {
      String key = entry.getKey();
      if (!KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("attributes key '" + LogSafe.escape(key) + "' does not match " + KEY.pattern());
      }
      Object value = entry.getValue();
      if (value == null) {
        continue;
      }
      check(key, value);
      kept.put(key, value);
    }
    return kept.isEmpty() ? null : kept.encode();
  }

  private static void check(String key, Object value) {
    if (value instanceof String text) {
      int length = text.codePointCount(0, text.length());
      if (length > MAX_STRING_LENGTH) {
        throw new IllegalArgumentException("attributes." + key + " must be at most " + MAX_STRING_LENGTH
          + " characters, got " + length);
      }
      String problem = TextRules.problem(text);
      if (problem != null) {
        throw new IllegalArgumentException("attributes." + key + " " + problem);
      }
    } else if (value instanceof Number number) {
      if (number instanceof Double || number instanceof Float) {
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new IllegalArgumentException("attributes." + key + " must be a finite number");
        }
      }
    } else if (!(value instanceof Boolean)) {
      String kind = value instanceof JsonObject ? "an object" : value instanceof JsonArray ? "an array" : "of another type";
      throw new IllegalArgumentException("attributes." + key + " must be a string, a number, a boolean or null, not "
        + kind);
    }
  }
}
