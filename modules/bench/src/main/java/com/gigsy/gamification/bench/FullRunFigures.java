package com.gigsy.gamification.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The figures of the newest full run kept in {@code bench/results}, shown beside a smoke test's ({@code --quick}) so
 * that a reader of the small run sees what the same figure measured at steady state. A full run is a report of every
 * section that is not a smoke test; its figures are read back from its Markdown table.
 * <p>
 * A figure is found by its section and name. A name that counts something the two runs size differently
 * ("1,000,000 events" against "50,000 events") is found with its numbers left out, when that leaves exactly one
 * figure of the full run.
 */
final class FullRunFigures {

  private static final Pattern NUMBER = Pattern.compile("\\d[\\d,.]*");
  private static final String TABLE_HEADER = "| section | figure | value | target | |";
  /** The "options" condition of a report that ran every section. */
  private static final String ALL_SECTIONS = "| options | sections " + String.join(",", BenchRun.SECTIONS) + ",";

  private final String name;
  private final Map<String, String> exact = new HashMap<>();
  /** By section and name without numbers; null for a key that more than one figure shares. */
  private final Map<String, String> loose = new HashMap<>();

  private FullRunFigures(String name) {
    this.name = name;
  }

  /** The report's name, its UTC timestamp. */
  String name() {
    return name;
  }

  /** The newest full run among {@code dir}'s reports, if any. */
  static Optional<FullRunFigures> newest(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path report : files.filter(f -> f.getFileName().toString().matches("\\d{4}-.*\\.md"))
        .sorted(Comparator.comparing(Path::getFileName).reversed()).toList()) {
        Optional<FullRunFigures> figures = read(report);
        if (figures.isPresent()) {
          return figures;
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the reports in " + dir, e);
    }
  }

  /** The report's figures, or empty when it is not a full run. */
  static Optional<FullRunFigures> read(Path report) throws IOException {
    List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
    if (lines.isEmpty() || lines.get(0).contains(BenchRun.SMOKE_TEST)
      || lines.stream().noneMatch(line -> line.startsWith(ALL_SECTIONS))) {
      return Optional.empty();
    }
    String file = report.getFileName().toString();
    FullRunFigures figures = new FullRunFigures(file.substring(0, file.length() - ".md".length()));
    boolean inTable = false;
    for (String line : lines) {
      if (line.equals(TABLE_HEADER)) {
        inTable = true;
      } else if (inTable && line.startsWith("|---")) {
        continue;
      } else if (inTable && line.startsWith("| ")) {
        // section | figure | value | target | status, unescaped (no figure or value holds " | ")
        String[] cells = line.substring(2, line.length() - 1).split(" \\| ", -1);
        if (cells.length >= 3) {
          figures.add(cells[0], cells[1], cells[2]);
        }
      } else {
        inTable = false;
      }
    }
    return Optional.of(figures);
  }

  private void add(String section, String figure, String value) {
    exact.putIfAbsent(section + '\n' + figure, value);
    String key = looseKey(section, figure);
    if (loose.containsKey(key)) {
      loose.put(key, null);
    } else {
      loose.put(key, value);
    }
  }

  /** The full run's value of this figure, if it has one. */
  Optional<String> valueOf(String section, String figure) {
    String value = exact.get(section + '\n' + figure);
    return Optional.ofNullable(value != null ? value : loose.get(looseKey(section, figure)));
  }

  private static String looseKey(String section, String figure) {
    return section + '\n' + NUMBER.matcher(figure).replaceAll("#");
  }
}
