package com.gigsy.gamification.core;

/**
 * Text from outside (a record's ids, a reason quoting them) as it may appear in a log line or a header: every
 * character that could forge a line or hide text — C0 and C1 controls, DEL, line and paragraph separators,
 * bidirectional overrides and isolates, lone surrogates — is escaped as {@code \\uXXXX}, and the text is cut to a
 * bound; escaping escaped text changes nothing. A log line that carries record data passes it through here.
 */
public final class LogSafe {

  /** Characters of outside text a log line shows at most. */
  public static final int MAX_SHOWN = 200;

  private LogSafe() {
  }

  /** {@code text} escaped and cut to {@value #MAX_SHOWN} characters; {@code "null"} for null. */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 16);
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (count == MAX_SHOWN) {
        return shown.append("…(").append(text.length()).append(" chars)").toString();
      }
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        shown.append(c).append(text.charAt(++i));
      } else if (TextRules.isForbidden(c) || Character.isSurrogate(c)) {
        shown.append(String.format("\\u%04X", (int) c));
      } else {
        shown.append(c);
      }
      count++;
    }
    return shown.toString();
  }
}
