package com.gigsy.gamification.bench;

import com.gigsy.gamification.app.Main;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.embedded.Ports;
import com.gigsy.gamification.testing.TestStack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The service under benchmark: {@code Main run} in a child JVM, so its memory is its own (PostgreSQL and the
 * broker run in other processes). JVM options: {@code GAMIFICATION_JAVA_OPTS}, as the {@code gamification}
 * script passes them (none by default, as shipped). Every other {@code GAMIFICATION_*} variable of the
 * benchmark's environment reaches the service (tuning knobs such as {@code GAMIFICATION_ENGINE_BATCH_SIZE}),
 * except the connection settings the benchmark owns. Measures start-up (process start → {@code /health/ready}
 * 200) and samples the resident set ({@code VmRSS}) every 100 ms, keeping the maximum and the phase it fell in.
 * Its collections go to a GC log beside its log ({@link BenchGcLog}), whose pauses {@link #gcPauses} sums.
 */
final class BenchService implements AutoCloseable {

  private static final Set<Setting> OWNED = EnumSet.of(Setting.PG_URL, Setting.KAFKA_BOOTSTRAP, Setting.EVENTS_TOPIC,
    Setting.DLQ_TOPIC, Setting.REWARDS_TOPIC, Setting.CONSUMER_GROUP, Setting.HTTP_PORT, Setting.HTTP_HOST,
    Setting.JWT_SECRET, Setting.JWKS_URL, Setting.JWT_ISSUER, Setting.DEMO_DATA);

  private final Process process;
  private final Path log;
  private final int port;
  private final double startupSeconds;
  private final Thread sampler;
  private volatile String phase = "start-up";
  private volatile long maxRssKb;
  private volatile String maxRssPhase = "";
  private volatile boolean stopping;

  private BenchService(Process process, Path log, int port, double startupSeconds) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.startupSeconds = startupSeconds;
    this.sampler = new Thread(this::sample, "bench-rss-sampler");
    this.sampler.setDaemon(true);
  }

  /** The settings the child gets: {@code config}, then the benchmark's own GAMIFICATION_* variables (but not the owned ones). */
  static Map<String, String> environment(GamificationConfig config) {
    Map<String, String> env = new java.util.TreeMap<>();
    for (Setting setting : Setting.values()) {
      if (config.get(setting) != null) {
        env.put(setting.variable(), config.get(setting));
      }
    }
    Set<String> owned = OWNED.stream().map(Setting::variable).collect(Collectors.toSet());
    System.getenv().forEach((name, value) -> {
      if (name.startsWith("GAMIFICATION_") && !name.equals("GAMIFICATION_JAVA_OPTS") && !owned.contains(name)) {
        env.put(name, value);
      }
    });
    return env;
  }

  /** As the {@code gamification} script starts the service: its default heap bound, then {@code GAMIFICATION_JAVA_OPTS}. */
  static List<String> jvmOptions() {
    List<String> options = new ArrayList<>(List.of("-Xmx512m"));
    String opts = System.getenv().getOrDefault("GAMIFICATION_JAVA_OPTS", "").trim();
    if (!opts.isEmpty()) {
      options.addAll(Arrays.asList(opts.split("\\s+")));
    }
    return options;
  }

  private static Path gcLog(Path log) {
    return Path.of(log + ".gc.txt");
  }

  /** The service's GC pauses that ended from {@code fromMillis} to {@code toMillis} (ms since the epoch). */
  BenchGcLog.Pauses gcPauses(long fromMillis, long toMillis) {
    return BenchGcLog.between(gcLog(log), fromMillis, toMillis);
  }

  /** Starts the service and returns once {@code /health/ready} answers 200. */
  static BenchService start(GamificationConfig config, Path log) {
    int port = Ports.free();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions());
    command.add(BenchGcLog.option(gcLog(log)));
    command.add("-cp");
    // the service's classes and dependencies; the benchmark's own classes and the test support stay out
    Set<Path> benchOnly = Set.of(codeSource(BenchService.class), codeSource(TestStack.class));
    command.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
      .filter(entry -> !benchOnly.contains(Path.of(entry).toAbsolutePath().normalize()))
      .collect(Collectors.joining(File.pathSeparator)));
    command.add(Main.class.getName());
    command.add("run");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("GAMIFICATION_"));
    builder.environment().putAll(environment(config.with(Setting.HTTP_PORT, Integer.toString(port))));
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // a benchmark stopped early (Ctrl-C, kill) takes its service with it; after a normal end this finds it gone
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "bench-service-reaper"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
      .timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = started + TimeUnit.MINUTES.toNanos(3);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited with " + process.exitValue() + " during start-up; log: " + log);
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          break;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("the service was not ready within 3 minutes; log: " + log);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    BenchService service = new BenchService(process, log, port, (System.nanoTime() - started) / 1e9);
    service.sampler.start();
    return service;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  double startupSeconds() {
    return startupSeconds;
  }

  Path log() {
    return log;
  }

  /**
   * Sums of the service's Prometheus samples whose name is one of {@code names} (over all labels); a name
   * the service does not export is absent. Empty when /metrics cannot be read.
   */
  Map<String, Double> metrics(String... names) {
    Map<String, Double> out = new java.util.HashMap<>();
    for (String line : scrape().split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      for (String name : names) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
          String value = line.substring(line.lastIndexOf(' ') + 1);
          out.merge(name, Double.parseDouble(value), Double::sum);
        }
      }
    }
    return out;
  }

  /**
   * The cumulative buckets of one of the service's histograms ({@code <histogram>_bucket}): upper bound in seconds
   * ({@code le}; +Inf as infinity) → observations at most that long, over its other labels. Empty when /metrics
   * cannot be read or the service does not export it.
   */
  java.util.NavigableMap<Double, Double> buckets(String histogram) {
    return buckets(scrape(), histogram);
  }

  static java.util.NavigableMap<Double, Double> buckets(String exposition, String histogram) {
    java.util.NavigableMap<Double, Double> out = new java.util.TreeMap<>();
    String prefix = histogram + "_bucket{";
    for (String line : exposition.split("\n")) {
      int le = line.indexOf("le=\"");
      if (!line.startsWith(prefix) || le < 0) {
        continue;
      }
      String bound = line.substring(le + 4, line.indexOf('"', le + 4));
      double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
      out.merge(upper, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
    }
    return out;
  }

  /** The text of the service's /metrics; empty when it cannot be read (diagnostics only). */
  private String scrape() {
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "";
    }
  }

  /** Lines of the service's log containing {@code text}. */
  long logLines(String text) {
    try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.UTF_8)) {
      return lines.filter(line -> line.contains(text)).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  /** Names what the benchmark does now, so the RSS maximum can be attributed to a phase. */
  void phase(String name) {
    this.phase = name;
  }

  long maxRssKb() {
    return maxRssKb;
  }

  String maxRssPhase() {
    return maxRssPhase;
  }

  /** The kernel's high-water mark of the resident set ({@code VmHWM}), in KiB. */
  long peakRssKb() {
    return status("VmHWM:");
  }

  long rssKb() {
    return status("VmRSS:");
  }

  private void sample() {
    while (!stopping && process.isAlive()) {
      long rss = status("VmRSS:");
      if (rss > maxRssKb) {
        maxRssKb = rss;
        maxRssPhase = phase;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux
    }
    return -1;
  }

  /**
   * SIGTERM, as an operator would stop it; returns the exit status, or -1 when it did not exit within a minute (then
   * its threads are dumped beside its log, {@code <log>.threads.txt}, before it is killed).
   */
  int stop() {
    stopping = true;
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        dumpThreads();
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return -1;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    return process.exitValue();
  }

  /** What the service's threads are doing, with the JDK's jcmd, into {@code <log>.threads.txt}. */
  private void dumpThreads() throws InterruptedException {
    Path dump = log.resolveSibling(log.getFileName() + ".threads.txt");
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
        .redirectErrorStream(true).redirectOutput(dump.toFile()).start().waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no jcmd in this runtime: the exit status alone says it
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
  }

  /** The classpath entry (directory or jar) a class was loaded from. */
  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
