package com.gigsy.gamification.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FullRunFiguresTest {

  private static final String ALL = String.join(",", BenchRun.SECTIONS);

  @TempDir
  Path results;

  @Test
  void theNewestReportOfEverySectionIsTheFullRunNotASmokeTestNorAPartialRun() throws IOException {
    write("2026-12-01T10-00-00Z", "Gamification benchmark 2026-12-01T10-00-00Z", ALL, "| throughput | sustained durable events/s, first → last commit | 9,000 | ≥ 25,000 | missed |");
    write("2026-12-02T10-00-00Z", "Gamification benchmark 2026-12-02T10-00-00Z", ALL, "| throughput | sustained durable events/s, first → last commit | 11,000 | ≥ 25,000 | missed |");
    write("2026-12-03T10-00-00Z", "Gamification benchmark 2026-12-03T10-00-00Z — " + BenchRun.SMOKE_TEST, ALL, "| throughput | sustained durable events/s, first → last commit | 4,000 | ≥ 25,000 | missed |");
    write("2026-12-04T10-00-00Z", "Gamification benchmark 2026-12-04T10-00-00Z", "throughput", "| throughput | sustained durable events/s, first → last commit | 12,000 | ≥ 25,000 | missed |");

    FullRunFigures figures = FullRunFigures.newest(results).orElseThrow();

    assertEquals("2026-12-02T10-00-00Z", figures.name());
    assertEquals(Optional.of("11,000"), figures.valueOf("throughput", "sustained durable events/s, first → last commit"));
  }

  @Test
  void aFigureIsFoundByItsNameOrWithoutItsNumbersWhenThatIsUnambiguous() throws IOException {
    write("2026-12-02T10-00-00Z", "Gamification benchmark 2026-12-02T10-00-00Z", ALL,
      "| throughput | rich rules: 1,000,000 events, first → last commit | 152.6 s for 999,500 events |  |  |",
      "| reads idle | profile, raw SQL, 32 connections, idle p99 ms | 9.10 |  |  |",
      "| reads idle | profile, raw SQL, 8 connections, idle p99 ms | 4.20 |  |  |",
      "| reads idle | profile, idle p99 ms | 12.30 | ≤ 5 ms | missed |");

    FullRunFigures figures = FullRunFigures.newest(results).orElseThrow();

    assertEquals(Optional.of("152.6 s for 999,500 events"),
      figures.valueOf("throughput", "rich rules: 50,000 events, first → last commit"));
    assertEquals(Optional.of("4.20"), figures.valueOf("reads idle", "profile, raw SQL, 8 connections, idle p99 ms"));
    assertEquals(Optional.of("12.30"), figures.valueOf("reads idle", "profile, idle p99 ms"));
    // two figures of the full run differ by their numbers only: neither is this one's
    assertEquals(Optional.empty(), figures.valueOf("reads idle", "profile, raw SQL, 16 connections, idle p99 ms"));
    assertEquals(Optional.empty(), figures.valueOf("reads during drain", "profile, idle p99 ms"));
  }

  @Test
  void noFullRunNoFigures() throws IOException {
    write("2026-12-03T10-00-00Z", "Gamification benchmark 2026-12-03T10-00-00Z — " + BenchRun.SMOKE_TEST, ALL);

    assertTrue(FullRunFigures.newest(results).isEmpty());
    assertTrue(FullRunFigures.newest(results.resolve("absent")).isEmpty());
  }

  @Test
  void aSmokeTestsTableShowsTheFullRunsValueBesideEachFigureButTheChecks() throws IOException {
    write("2026-12-02T10-00-00Z", "Gamification benchmark 2026-12-02T10-00-00Z", ALL,
      "| throughput | sustained durable events/s, first → last commit | 11,000 | ≥ 25,000 | missed |",
      "| throughput | check: sum(user_totals) = sum(points_log) | 5 = 5 |  | ✓ |");
    BenchReport report = new BenchReport();
    report.fullRun = FullRunFigures.newest(results).orElseThrow();
    report.row("throughput", "sustained durable events/s, first → last commit", "4,000", "≥ 25,000", "missed");
    report.check("throughput", "sum(user_totals) = sum(points_log)", true, "1 = 1");
    report.info("footprint", "service RSS", "300 MiB");

    String markdown = report.markdown("smoke");

    assertTrue(markdown.contains("| section | figure | value | target | | full run 2026-12-02T10-00-00Z (steady state) |\n"
      + "|---|---|---|---|---|---|\n"
      + "| throughput | sustained durable events/s, first → last commit | 4,000 | ≥ 25,000 | missed | 11,000 |\n"
      + "| throughput | check: sum(user_totals) = sum(points_log) | 1 = 1 |  | ✓ |  |\n"
      + "| footprint | service RSS | 300 MiB |  |  |  |\n"), markdown);
  }

  private void write(String name, String title, String sections, String... rows) throws IOException {
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n| condition | value |\n|---|---|\n")
      .append("| options | sections ").append(sections).append(", 1,000,000 events |\n\n")
      .append("| section | figure | value | target | |\n|---|---|---|---|---|\n");
    for (String row : rows) {
      md.append(row).append('\n');
    }
    md.append("\n![chart](").append(name).append(".svg)\n");
    Files.writeString(results.resolve(name + ".md"), md, StandardCharsets.UTF_8);
  }
}
