package com.gigsy.gamification.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A fast reader for the shape nearly every producer sends, {@code 2026-11-30T08:00:00.123Z} or with an
 * offset {@code +02:00}: {@link java.time.OffsetDateTime#parse} costs several microseconds per event,
 * which at tens of thousands of events a second is a visible share of ingest. Anything else — or any
 * field out of range — is left to the general parser: {@link #parseCommon} then returns {@code null}.
 */
final class IsoInstants {

  private IsoInstants() {
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.fraction of 1 to 9 digits](Z|±HH:MM)}, else {@code null}. */
  static Instant parseCommon(String text) {
    int length = text.length();
    if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
      || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    int at = 19;
    int nanos = 0;
    if (text.charAt(at) == '.') {
      int start = ++at;
      while (at < length && Character.isDigit(text.charAt(at))) {
        at++;
      }
      int count = at - start;
      if (count < 1 || count > 9) {
        return null;
      }
      nanos = digits(text, start, count);
      for (int i = count; i < 9; i++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (at == length - 1 && text.charAt(at) == 'Z') {
      offsetSeconds = 0;
    } else if (at == length - 6 && (text.charAt(at) == '+' || text.charAt(at) == '-') && text.charAt(at + 3) == ':') {
      int offsetHours = digits(text, at + 1, 2);
      int offsetMinutes = digits(text, at + 4, 2);
      if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) {
        return null;
      }
      int sign = text.charAt(at) == '-' ? -1 : 1;
      offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
    } else {
      return null;
    }
    try {
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetSeconds);
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset);
    } catch (DateTimeException outOfRange) {
      return null;
    }
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
