package com.gigsy.gamification.api.graphql;

/**
 * GraphQL {@code ID}s of badges, titles and rules. They are opaque to clients, so a value that is not
 * one of ours — not a number, or a number no row has — is simply not found ({@code NOT_FOUND}).
 */
public final class Ids {

  private Ids() {
  }

  /**
   * The row id an argument names.
   *
   * @param argument the argument's name, for the message (e.g. {@code input.badgeId})
   * @param kind what it names, e.g. {@code Badge}
   */
  public static long parse(Object value, String argument, String kind) {
    String text = String.valueOf(value);
    if (!text.isEmpty() && text.length() <= 18 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Long.parseLong(text);
    }
    throw notFound(argument, kind, text);
  }

  public static Long optional(Object value, String argument, String kind) {
    return value == null ? null : parse(value, argument, kind);
  }

  public static ApiException notFound(String argument, String kind, Object id) {
    String shown = String.valueOf(id);
    if (shown.length() > 40) {
      shown = shown.substring(0, 40) + "…";
    }
    return new ApiException(ErrorCode.NOT_FOUND, kind + " '" + shown + "' (argument '" + argument + "') not found");
  }
}
