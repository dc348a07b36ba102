package com.gigsy.gamification.core;

/**
 * What a string from outside may not contain (CONTRACT §2, §7): control characters (C0 U+0000–U+001F, DEL, C1
 * U+0080–U+009F), bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069: they make text read other
 * than it is stored), and lone surrogates (half a character: UTF-8 cannot encode one, so PostgreSQL would store a
 * replacement and two distinct ids would become one).
 */
public final class TextRules {

  private TextRules() {
  }

  /** Why {@code value} is refused ("contains a control character (U+000A)"), or {@code null} when it is fine. */
  public static String problem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains a lone surrogate (" + codePoint(c) + ")";
      } else if (isControl(c)) {
        return "contains a control character (" + codePoint(c) + ")";
      } else if (isBidiControl(c)) {
        return "contains a bidirectional control character (" + codePoint(c) + ")";
      }
    }
    return null;
  }

  /** A control or bidirectional control character (surrogates are judged in pairs, by {@link #problem}). */
  static boolean isForbidden(char c) {
    return isControl(c) || isBidiControl(c) || c == '\u2028' || c == '\u2029';
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
  }

  private static boolean isBidiControl(char c) {
    return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }
}
