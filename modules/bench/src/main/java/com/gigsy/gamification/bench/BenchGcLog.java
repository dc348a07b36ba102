package com.gigsy.gamification.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses of a JVM that logs its collections with {@link #option} (unified logging, each line stamped
 * with the wall clock in ms): the benchmark gives it to the service, so that a stall of the freshness stream can be
 * told apart from a pause of the service's own.
 */
final class BenchGcLog {

  /** A pause line: {@code [1796333675407ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 6M->3M(64M) 12.042ms}. */
  private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+)ms\\] GC\\(\\d+\\) Pause .* (\\d+(?:\\.\\d+)?)ms$");

  private BenchGcLog() {
  }

  /** The JVM option that logs every collection to {@code file}, stamped with the time of day in ms since the epoch. */
  static String option(Path file) {
    return "-Xlog:gc:file=" + file + ":timemillis";
  }

  /** How many pauses, the longest and their sum (ms). */
  record Pauses(int count, double longestMs, double totalMs) {
  }

  /** The pauses that ended from {@code fromMillis} to {@code toMillis} (ms since the epoch); none without the file. */
  static Pauses between(Path file, long fromMillis, long toMillis) {
    if (!Files.exists(file)) {
      return new Pauses(0, 0, 0);
    }
    try {
      return between(Files.readAllLines(file), fromMillis, toMillis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Pauses between(List<String> lines, long fromMillis, long toMillis) {
    int count = 0;
    double longest = 0;
    double total = 0;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      long at = Long.parseLong(m.group(1));
      if (at < fromMillis || at > toMillis) {
        continue;
      }
      double ms = Double.parseDouble(m.group(2));
      count++;
      longest = Math.max(longest, ms);
      total += ms;
    }
    return new Pauses(count, longest, total);
  }
}
