package com.gigsy.gamification.api.catalog;

import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.core.EventAttributes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The conditions of a rule (CONTRACT §7): checked from {@code RuleInput.conditions}, stored in
 * {@code gamification_rules.conditions} in the form the engine reads, and read back as they were set.
 *
 * <p>Stored form: a JSON array of {@code {"attribute", "op", "value"?, "values"?, "number"?, "numbers"?}}, where
 * {@code number} is {@code value} read as a decimal when it is one, and {@code numbers} the elements of {@code values}
 * that are; the engine compares number attributes with them, and everything else with {@code value}/{@code values}.
 */
final class Conditions {

  static final int MAX_CONDITIONS = 10;
  static final int MAX_VALUES = 100;
  static final int MAX_VALUE_LENGTH = EventAttributes.MAX_STRING_LENGTH;
  /**
   * The most digits a decimal may have before, and after, its point (PostgreSQL's numeric holds far more; this keeps a
   * short value such as {@code 1e-99999999} from becoming a number of a hundred million digits).
   */
  static final int MAX_DIGITS = 1000;

  private static final Set<String> ONE_VALUE = Set.of("EQ", "NE", "GT", "GTE", "LT", "LTE");
  private static final Set<String> NUMERIC = Set.of("GT", "GTE", "LT", "LTE");
  /** java.math.BigDecimal's syntax, ASCII digits only. */
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  /** As in events (CONTRACT §2): a rule can state any value an event can carry. */
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F]");

  private Conditions() {
  }

  /**
   * The checked conditions of {@code input.conditions}; empty when not given.
   *
   * @throws ApiException {@code BAD_USER_INPUT} naming the field, e.g. {@code input.conditions[2].value}
   */
  @SuppressWarnings("unchecked")
  static List<Condition> check(Object given) {
    if (given == null) {
      return List.of();
    }
    List<Map<String, Object>> inputs = (List<Map<String, Object>>) given;
    if (inputs.size() > MAX_CONDITIONS) {
      throw ApiException.badUserInput("input.conditions", "must hold at most " + MAX_CONDITIONS + " conditions, got "
        + inputs.size());
    }
    List<Condition> conditions = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      conditions.add(condition("input.conditions[" + i + "]", inputs.get(i)));
    }
    return List.copyOf(conditions);
  }

  @SuppressWarnings("unchecked")
  private static Condition condition(String field, Map<String, Object> input) {
    String attribute = Inputs.attributeName(field + ".attribute", (String) input.get("attribute"));
    String op = (String) input.get("op");
    String value = (String) input.get("value");
    List<String> values = (List<String>) input.get("values");
    if (op.equals("EXISTS")) {
      refuse(field + ".value", value, op, "which takes no value");
      refuse(field + ".values", values, op, "which takes no value");
      return new Condition(attribute, op, null, null);
    }
    if (op.equals("IN")) {
      refuse(field + ".value", value, op, "which takes a list: give values");
      if (values == null || values.isEmpty() || values.size() > MAX_VALUES) {
        throw ApiException.badUserInput(field + ".values", "must hold 1 to " + MAX_VALUES + " values with IN, got "
          + (values == null ? "none" : values.size()));
      }
      for (int j = 0; j < values.size(); j++) {
        text(field + ".values[" + j + "]", values.get(j));
      }
      return new Condition(attribute, op, null, List.copyOf(values));
    }
    if (!ONE_VALUE.contains(op)) {
      throw ApiException.badUserInput(field + ".op", "is not an operator this service knows: " + op);
    }
    refuse(field + ".values", values, op, "which compares one value (IN takes a list)");
    if (value == null) {
      throw ApiException.badUserInput(field + ".value", "is required with " + op);
    }
    text(field + ".value", value);
    if (NUMERIC.contains(op) && decimal(value) == null) {
      throw ApiException.badUserInput(field + ".value", "must be a number with " + op + " (e.g. 90 or -2.5, at most "
        + MAX_DIGITS + " digits before and after the point), got '" + value + "'");
    }
    return new Condition(attribute, op, value, null);
  }

  /** A value an operator does not use is refused rather than ignored: it says the rule means something else. */
  private static void refuse(String field, Object given, String op, String why) {
    if (given != null) {
      throw ApiException.badUserInput(field, "must not be given with " + op + ", " + why);
    }
  }

  private static void text(String field, String value) {
    int length = value.codePointCount(0, value.length());
    if (length > MAX_VALUE_LENGTH) {
      throw ApiException.badUserInput(field, "must be at most " + MAX_VALUE_LENGTH + " characters, got " + length);
    }
    if (CONTROL.matcher(value).find()) {
      throw ApiException.badUserInput(field, "must not contain control characters");
    }
  }

  /** The value read as a decimal, or null when it is not one (in BigDecimal syntax, within {@link #MAX_DIGITS}). */
  static BigDecimal decimal(String value) {
    if (!DECIMAL.matcher(value).matches()) {
      return null;
    }
    try {
      BigDecimal decimal = new BigDecimal(value);
      boolean fits = decimal.precision() - decimal.scale() <= MAX_DIGITS && decimal.scale() <= MAX_DIGITS;
      return fits ? decimal : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The stored form of checked conditions. */
  static JsonArray stored(List<Condition> conditions) {
    JsonArray stored = new JsonArray();
    for (Condition condition : conditions) {
      JsonObject json = new JsonObject().put("attribute", condition.attribute()).put("op", condition.op());
      if (condition.value() != null) {
        json.put("value", condition.value());
        BigDecimal number = decimal(condition.value());
        if (number != null) {
          json.put("number", number.toPlainString());
        }
      }
      if (condition.values() != null) {
        JsonArray numbers = new JsonArray();
        for (String value : condition.values()) {
          BigDecimal number = decimal(value);
          if (number != null) {
            numbers.add(number.toPlainString());
          }
        }
        json.put("values", new JsonArray(new ArrayList<>(condition.values()))).put("numbers", numbers);
      }
      stored.add(json);
    }
    return stored;
  }

  /** The conditions as they were set, from their stored form (the numbers are the engine's). */
  static List<Condition> read(JsonArray stored) {
    List<Condition> conditions = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      JsonObject json = stored.getJsonObject(i);
      JsonArray values = json.getJsonArray("values");
      List<String> texts = null;
      if (values != null) {
        texts = new ArrayList<>();
        for (int j = 0; j < values.size(); j++) {
          texts.add(values.getString(j));
        }
      }
      conditions.add(new Condition(json.getString("attribute"), json.getString("op"), json.getString("value"),
        texts == null ? null : List.copyOf(texts)));
    }
    return List.copyOf(conditions);
  }
}
