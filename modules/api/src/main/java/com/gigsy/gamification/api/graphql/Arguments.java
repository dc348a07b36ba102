package com.gigsy.gamification.api.graphql;

import graphql.language.Argument;
import graphql.schema.DataFetchingEnvironment;

import java.util.regex.Pattern;

/**
 * Reads and checks field arguments beyond what their GraphQL types say, failing with
 * {@code BAD_USER_INPUT} and a message naming the argument. The bounds are those of events
 * (CONTRACT §2), so a value that no event could carry is refused rather than silently matching nothing.
 */
public final class Arguments {

  public static final int MAX_USER_ID_LENGTH = 128;
  public static final int MAX_EVENT_NAME_LENGTH = 128;
  private static final Pattern EVENT_NAME = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
  private static final Pattern CONTROL_CHARACTER = Pattern.compile("[\\x00-\\x1F]");

  private Arguments() {
  }

  /** A user id: 1–128 characters, no control characters. */
  public static String userId(DataFetchingEnvironment env, String name) {
    String value = env.getArgument(name);
    if (value == null || value.isEmpty() || value.length() > MAX_USER_ID_LENGTH) {
      throw ApiException.badUserInput(name, "must be 1 to " + MAX_USER_ID_LENGTH + " characters");
    }
    if (CONTROL_CHARACTER.matcher(value).find()) {
      throw ApiException.badUserInput(name, "must not contain control characters");
    }
    return value;
  }

  /** An optional event name; when given, in the form events use ({@code course.completed}). */
  public static String optionalEventName(DataFetchingEnvironment env, String name) {
    String value = env.getArgument(name);
    if (value == null) {
      return null;
    }
    if (value.length() > MAX_EVENT_NAME_LENGTH || !EVENT_NAME.matcher(value).matches()) {
      throw ApiException.badUserInput(name,
        "must be 1 to " + MAX_EVENT_NAME_LENGTH + " characters of dot-separated [a-z0-9_] words, e.g. course.completed");
    }
    return value;
  }

  /**
   * A result limit from 1 to {@code max}. When the client does not give one (or gives null), the SDL
   * default ({@code sdlDefault}) applies, lowered to {@code max} when the deployment allows fewer entries.
   */
  public static int limit(DataFetchingEnvironment env, String name, int sdlDefault, int max) {
    Integer value = env.getArgument(name);
    if (value == null || !givenInQuery(env, name)) {
      return Math.min(sdlDefault, max);
    }
    if (value < 1 || value > max) {
      throw ApiException.badUserInput(name, "must be from 1 to " + max + ", got " + value);
    }
    return value;
  }

  /** A page size from 1 to {@code max}; {@code fallback} when not given or null. */
  public static int pageSize(DataFetchingEnvironment env, String name, int fallback, int max) {
    return intInRange(env, name, fallback, 1, max);
  }

  /** An integer from {@code min} to {@code max}; {@code fallback} when not given or null. */
  public static int intInRange(DataFetchingEnvironment env, String name, int fallback, int min, int max) {
    Integer value = env.getArgument(name);
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      throw ApiException.badUserInput(name, "must be from " + min + " to " + max + ", got " + value);
    }
    return value;
  }

  private static boolean givenInQuery(DataFetchingEnvironment env, String name) {
    for (Argument argument : env.getField().getArguments()) {
      if (argument.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A required free text (a reason): 1 to {@code maxLength} characters, not blank, no control character but line
   * breaks; {@code BAD_USER_INPUT} naming the argument otherwise.
   */
  public static String text(DataFetchingEnvironment env, String name, int maxLength) {
    String value = env.getArgument(name);
    int length = value == null ? 0 : value.codePointCount(0, value.length());
    if (value == null || value.isBlank() || length > maxLength) {
      throw ApiException.badUserInput(name, "must be 1 to " + maxLength + " characters, not blank");
    }
    if (value.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
      throw ApiException.badUserInput(name, "must not contain control characters");
    }
    return value;
  }
}
