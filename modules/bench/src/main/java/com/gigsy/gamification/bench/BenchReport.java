package com.gigsy.gamification.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's output: the machine conditions, one table row per figure (with its target and whether it
 * was met, or a ✓/✗ for a verification), written as Markdown, and a hand-written SVG chart (throughput
 * timeline, events/s compared, latencies on a log scale).
 */
final class BenchReport {

  /** One line of the table. {@code status}: "met", "missed", "✓", "✗" or empty. */
  record Row(String section, String metric, String value, String target, String status) {
  }

  /** A bar of the events/s comparison. */
  record Rate(String label, double perSecond) {
  }

  /** A latency pair of the latency panel, in ms; {@code targetMillis} ≤ 0 for none. */
  record Latency(String label, double p50, double p99, double targetMillis) {
  }

  final Map<String, String> conditions = new LinkedHashMap<>();
  final List<Row> rows = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  final List<Rate> rates = new ArrayList<>();
  final List<Latency> latencies = new ArrayList<>();
  List<BenchKafka.Sample> timeline = List.of();
  double timelineStart;
  double targetRate = 25_000;
  boolean failed;
  /** A smoke test's: the newest full run, whose value of each figure goes beside this run's; null otherwise. */
  FullRunFigures fullRun;

  void row(String section, String metric, String value, String target, String status) {
    rows.add(new Row(section, metric, value, target, status));
    if ("✗".equals(status)) {
      failed = true;
    }
    BenchRun.progress("  %s: %s = %s%s%s%s", section, metric, value, target.isEmpty() ? "" : " (target " + target + ")",
      status.isEmpty() ? "" : " " + status,
      fullRunValue(section, metric).map(full -> "; full run " + fullRun.name() + ": " + full).orElse(""));
  }

  /** The full run's value of a figure, beside a smoke test's (none for a check: a check holds or not at any size). */
  private Optional<String> fullRunValue(String section, String metric) {
    return fullRun == null || metric.startsWith("check: ") ? Optional.empty()
      : fullRun.valueOf(section, metric);
  }

  void info(String section, String metric, String value) {
    row(section, metric, value, "", "");
  }

  /** A figure with a lower bound. */
  void atLeast(String section, String metric, double value, String format, double target, String targetText) {
    row(section, metric, String.format(Locale.ROOT, format, value), "≥ " + targetText, value >= target ? "met" : "missed");
  }

  /** A figure with an upper bound. */
  void atMost(String section, String metric, double value, String format, double target, String targetText) {
    row(section, metric, String.format(Locale.ROOT, format, value), "≤ " + targetText, value <= target ? "met" : "missed");
  }

  void check(String section, String what, boolean ok, String detail) {
    row(section, "check: " + what, detail, "", ok ? "✓" : "✗");
  }

  String markdown(String title) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\n");
    md.append("| condition | value |\n|---|---|\n");
    conditions.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
    md.append("\n| section | figure | value | target | |");
    md.append(fullRun == null ? "\n|---|---|---|---|---|\n"
      : " full run " + fullRun.name() + " (steady state) |\n|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      md.append("| ").append(row.section()).append(" | ").append(row.metric()).append(" | ").append(row.value())
        .append(" | ").append(row.target()).append(" | ").append(row.status()).append(" |");
      if (fullRun != null) {
        md.append(" ").append(fullRunValue(row.section(), row.metric()).orElse("")).append(" |");
      }
      md.append("\n");
    }
    if (!notes.isEmpty()) {
      md.append("\n");
      for (String note : notes) {
        md.append("- ").append(note).append("\n");
      }
    }
    return md.toString();
  }

  void write(Path md, Path svg, String title) throws IOException {
    Files.createDirectories(md.getParent());
    Files.writeString(md, markdown(title) + "\n![chart](" + svg.getFileName() + ")\n", StandardCharsets.UTF_8);
    Files.writeString(svg, svg(title), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- SVG

  private static final int WIDTH = 1000;
  private static final int PANEL_HEIGHT = 300;

  String svg(String title) {
    int latencyHeight = 60 + Math.max(1, latencies.size()) * 34;
    int height = 40 + PANEL_HEIGHT + 40 + latencyHeight;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
      + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(s, 20, 24, esc(title), "font-size=\"16\" font-weight=\"bold\"");
    timelinePanel(s, 20, 40, 560, PANEL_HEIGHT);
    ratesPanel(s, 610, 40, 370, PANEL_HEIGHT);
    latencyPanel(s, 20, 40 + PANEL_HEIGHT + 40, WIDTH - 40, latencyHeight);
    s.append("</svg>\n");
    return s.toString();
  }

  private void timelinePanel(StringBuilder s, int x0, int y0, int w, int h) {
    text(s, x0, y0 + 14, "Throughput: events committed per second (service group offsets, 1 s buckets)", "font-weight=\"bold\"");
    int left = x0 + 60;
    int top = y0 + 50;
    int plotW = w - 70;
    int plotH = h - 90;
    List<double[]> committed = new ArrayList<>();
    List<double[]> produced = new ArrayList<>();
    if (timeline.size() >= 2) {
      double bucketStart = timeline.get(0).seconds();
      BenchKafka.Sample previous = timeline.get(0);
      for (BenchKafka.Sample sample : timeline) {
        if (sample.seconds() - previous.seconds() >= 1.0) {
          double dt = sample.seconds() - previous.seconds();
          committed.add(new double[] {sample.seconds() - timelineStart, (sample.committed() - previous.committed()) / dt});
          produced.add(new double[] {sample.seconds() - timelineStart, (sample.produced() - previous.produced()) / dt});
          previous = sample;
        }
      }
      if (bucketStart > 0 && committed.isEmpty()) {
        committed.add(new double[] {0, 0});
      }
    }
    double maxX = 1;
    double maxY = targetRate * 1.2;
    for (double[] p : committed) {
      maxX = Math.max(maxX, p[0]);
      maxY = Math.max(maxY, p[1] * 1.1);
    }
    double yCap = maxY;
    for (double[] p : produced) {
      maxX = Math.max(maxX, p[0]);
    }
    axes(s, left, top, plotW, plotH, maxX, yCap, "s since producing started", "events/s");
    double ty = top + plotH - targetRate / yCap * plotH;
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>%n",
      left, ty, left + plotW, ty));
    text(s, left + plotW - 150, (int) ty - 4, String.format(Locale.ROOT, "target %,.0f events/s", targetRate), "fill=\"#c00\"");
    polyline(s, produced, left, top, plotW, plotH, maxX, yCap, "#999", true);
    polyline(s, committed, left, top, plotW, plotH, maxX, yCap, "#1f6fb2", false);
    text(s, x0, y0 + 30, "— committed (durable)", "fill=\"#1f6fb2\"");
    text(s, x0 + 170, y0 + 30, "- - produced (acknowledged by the broker; clipped)", "fill=\"#777\"");
  }

  private void ratesPanel(StringBuilder s, int x0, int y0, int w, int h) {
    text(s, x0, y0 + 14, "Events per second, durable", "font-weight=\"bold\"");
    if (rates.isEmpty()) {
      text(s, x0, y0 + 40, "(no throughput sections run)", "");
      return;
    }
    double max = targetRate;
    for (Rate rate : rates) {
      max = Math.max(max, rate.perSecond());
    }
    max *= 1.15;
    int top = y0 + 30;
    int barH = Math.min(40, (h - 60) / rates.size() - 12);
    int labelW = 0;
    int plotW = w - 10;
    int i = 0;
    for (Rate rate : rates) {
      int y = top + i * (barH + 26);
      text(s, x0, y + 11, esc(rate.label()), "");
      double bw = rate.perSecond() / max * plotW;
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
        x0 + labelW, y + 15, bw, barH, i == 0 ? "#1f6fb2" : "#8fb8de"));
      text(s, (int) (x0 + labelW + bw + 4), y + 15 + barH / 2 + 4, String.format(Locale.ROOT, "%,.0f", rate.perSecond()), "");
      i++;
    }
    double tx = x0 + labelW + targetRate / max * plotW;
    int bottom = top + rates.size() * (barH + 26);
    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>%n",
      tx, top, tx, bottom));
    text(s, (int) tx - 40, bottom + 14, String.format(Locale.ROOT, "target %,.0f", targetRate), "fill=\"#c00\"");
  }

  private void latencyPanel(StringBuilder s, int x0, int y0, int w, int h) {
    text(s, x0, y0 + 14, "Latency, ms (log scale): bar = p50, whisker = p99, red tick = target p99", "font-weight=\"bold\"");
    if (latencies.isEmpty()) {
      text(s, x0, y0 + 40, "(no latency sections run)", "");
      return;
    }
    int labelW = 300;
    int left = x0 + labelW;
    int plotW = w - labelW - 80;
    int top = y0 + 30;
    double minLog = -1;
    double maxLog = 4;
    for (int d = (int) minLog; d <= maxLog; d++) {
      double x = left + (d - minLog) / (maxLog - minLog) * plotW;
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, top, x, top + h - 50));
      text(s, (int) x - 10, top + h - 36, d < 0 ? "0.1" : String.format(Locale.ROOT, "%,.0f", Math.pow(10, d)), "fill=\"#555\"");
    }
    int i = 0;
    for (Latency latency : latencies) {
      int y = top + i * 34;
      text(s, x0, y + 17, esc(latency.label()), "");
      double x50 = logX(latency.p50(), left, plotW, minLog, maxLog);
      double x99 = logX(latency.p99(), left, plotW, minLog, maxLog);
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"#8fb8de\"/>%n", left, y + 4, x50 - left));
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#1f6fb2\" stroke-width=\"2\"/>%n",
        x50, y + 13, x99, y + 13));
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#1f6fb2\" stroke-width=\"2\"/>%n",
        x99, y + 6, x99, y + 20));
      if (latency.targetMillis() > 0) {
        double xt = logX(latency.targetMillis(), left, plotW, minLog, maxLog);
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c00\" stroke-width=\"3\"/>%n",
          xt, y + 2, xt, y + 24));
      }
      text(s, (int) Math.max(x99, x50) + 6, y + 17, String.format(Locale.ROOT, "p50 %.2f / p99 %.2f", latency.p50(), latency.p99()), "fill=\"#333\"");
      i++;
    }
  }

  private static double logX(double millis, int left, int plotW, double minLog, double maxLog) {
    double v = Math.log10(Math.max(Math.pow(10, minLog), millis));
    return left + (Math.min(maxLog, v) - minLog) / (maxLog - minLog) * plotW;
  }

  private static void axes(StringBuilder s, int left, int top, int w, int h, double maxX, double maxY, String xLabel, String yLabel) {
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left, top + h, left + w, top + h));
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left, top, left, top + h));
    for (int i = 0; i <= 5; i++) {
      double yv = maxY * i / 5;
      double y = top + h - (double) h * i / 5;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n", left + 1, y, left + w, y));
      text(s, left - 55, (int) y + 4, String.format(Locale.ROOT, "%,.0f", yv), "fill=\"#555\"");
      double xv = maxX * i / 5;
      double x = left + (double) w * i / 5;
      text(s, (int) x - 8, top + h + 16, String.format(Locale.ROOT, "%.0f", xv), "fill=\"#555\"");
    }
    text(s, left + w / 2 - 60, top + h + 32, xLabel, "fill=\"#333\"");
    text(s, left - 55, top - 8, yLabel, "fill=\"#333\"");
  }

  private static void polyline(StringBuilder s, List<double[]> points, int left, int top, int w, int h, double maxX, double maxY,
                               String color, boolean dashed) {
    if (points.isEmpty()) {
      return;
    }
    s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\"")
      .append(dashed ? " stroke-dasharray=\"4 3\"" : "").append(" points=\"");
    for (double[] p : points) {
      double y = Math.min(p[1], maxY);
      s.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + p[0] / maxX * w, top + h - y / maxY * h));
    }
    s.append("\"/>\n");
  }

  private static void text(StringBuilder s, int x, int y, String text, String attributes) {
    s.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" ").append(attributes).append(">")
      .append(text).append("</text>\n");
  }

  private static String esc(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
