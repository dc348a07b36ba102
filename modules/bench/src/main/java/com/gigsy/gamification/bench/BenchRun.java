package com.gigsy.gamification.bench;

import com.gigsy.gamification.api.leaderboard.LeaderboardFetchers;
import com.gigsy.gamification.api.profile.ProfileSnapshots;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.embedded.EmbeddedKafka;
import com.gigsy.gamification.embedded.LeftoverProcess;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.RuleOracle;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The one-command benchmark of issue 6 (not a test; run by {@code bench/run.sh}, which documents the options).
 * Starts the test stack (embedded PostgreSQL, the KRaft broker in its own JVM) and the service as a child JVM,
 * then runs the selected sections — throughput, backfill, raw, seed, freshness, reads, footprint — and prints a table,
 * also written to {@code bench/results/<UTC timestamp>.md} with a chart ({@code .svg}). Exit status 1 when a
 * verification fails (a ✗), 2 on a usage error; missed targets are reported, not failures.
 */
public final class BenchRun {

  static final List<String> SECTIONS = List.of("throughput", "backfill", "raw", "seed", "freshness", "reads", "footprint");
  private static final long ORIGIN = System.nanoTime();

  private static final String PROFILE = "query($u: ID!) { gamificationProfile(userId: $u) { totalPoints "
    + "badges { badge { name } awardedAt } titles { title { name } isEquipped } } }";
  /** The fields of {@code GamificationProfile} that {@link #PROFILE} selects: the parts its one statement reads. */
  private static final List<String> PROFILE_FIELDS = List.of("totalPoints", "badges", "titles");
  /** Clients of the second run of each idle read, whose p99 has its own target (issue 15). */
  private static final int FEW_CLIENTS = 8;
  /** The aim for each GraphQL read: at least this share of the rate of its SQL run raw. */
  private static final double RAW_SHARE_TARGET = 50;
  /** What --quick measures, in the title and the table of its report. */
  static final String SMOKE_TEST = "smoke test (--quick): sizes too small for steady state; figures are not comparable "
    + "to the full run";
  private static final String LEADERBOARD = "{ leaderboard(limit: 100) { computedAt entries { rank userId totalPoints } } }";
  private static final String RANK = "query($u: ID!) { gamificationProfile(userId: $u) { rank } }";
  /** How often the freshness section asks for every probe out (one round of requests, whatever their number). */
  private static final long PROBE_PERIOD_MS = 5;

  /** The command line. */
  static final class Options {
    Set<String> sections = new LinkedHashSet<>(SECTIONS);
    long events = 1_000_000;
    /** Events of the rich workload, after the plain one in the throughput section; 0: none. -1: as many as --events. */
    long richEvents = -1;
    /** Events of each workload applied, unmeasured, before the throughput section's runs; -1: a fifth of --events. */
    long warmUpEvents = -1;
    /** Events stored for the backfill section; -1: as many as --events. */
    long backfillEvents = -1;
    int users = 100_000;
    int rules = 20;
    int clients = 32;
    double readSeconds = 15;
    double freshnessSeconds = 30;
    /** Seconds of the stream before the measured ones, not counted: the JIT compiles the stream's paths meanwhile. */
    double freshnessWarmUpSeconds = 15;
    int freshnessRate = 1_000;
    int probesPerSecond = 20;
    long backlog = -1;
    int seedSample = 20_000;
    int rawBatch = 1_000;
    int seedLeaderboardRuns = 20;
    String compression = "none";
    String synchronousCommit = "on";
    String fsync = "on";
    /** Further settings of the benchmark's own PostgreSQL server (--pg NAME=VALUE), in order. */
    final Map<String, String> pgSettings = new LinkedHashMap<>();
    boolean ownPostgres = true;
    boolean quick;

    static Options parse(String[] args) {
      Options o = new Options();
      List<String> list = Arrays.asList(args);
      if (list.contains("--quick")) {
        o.quick = true;
        o.events = 50_000;
        o.users = 5_000;
        o.readSeconds = 5;
        o.freshnessSeconds = 10;
        o.freshnessWarmUpSeconds = 2;
        o.seedSample = 2_000;
        o.seedLeaderboardRuns = 10;
      }
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--quick" -> { }
          case "--only" -> {
            o.sections = new LinkedHashSet<>();
            for (String s : value(args, ++i, arg).split(",")) {
              if (!SECTIONS.contains(s.trim())) {
                throw new IllegalArgumentException("unknown section '" + s + "' (sections: " + String.join(",", SECTIONS) + ")");
              }
              o.sections.add(s.trim());
            }
          }
          case "--events" -> o.events = number(args, ++i, arg);
          case "--rich-events" -> o.richEvents = number(args, ++i, arg);
          case "--warm-up-events" -> o.warmUpEvents = number(args, ++i, arg);
          case "--backfill-events" -> o.backfillEvents = number(args, ++i, arg);
          case "--users" -> o.users = (int) number(args, ++i, arg);
          case "--rules" -> o.rules = (int) number(args, ++i, arg);
          case "--clients" -> o.clients = (int) number(args, ++i, arg);
          case "--read-seconds" -> o.readSeconds = Double.parseDouble(value(args, ++i, arg));
          case "--freshness-seconds" -> o.freshnessSeconds = Double.parseDouble(value(args, ++i, arg));
          case "--freshness-warm-up" -> o.freshnessWarmUpSeconds = Double.parseDouble(value(args, ++i, arg));
          case "--freshness-rate" -> o.freshnessRate = (int) number(args, ++i, arg);
          case "--backlog" -> o.backlog = number(args, ++i, arg);
          case "--seed-sample" -> o.seedSample = (int) number(args, ++i, arg);
          case "--raw-batch" -> o.rawBatch = (int) number(args, ++i, arg);
          case "--compression" -> o.compression = value(args, ++i, arg);
          case "--synchronous-commit" -> o.synchronousCommit = value(args, ++i, arg);
          case "--fsync" -> o.fsync = value(args, ++i, arg);
          case "--pg" -> {
            String setting = value(args, ++i, arg);
            // a module's setting has a dotted name (auto_explain.sample_rate), a list a comma (shared_preload_libraries)
            if (!setting.matches("[a-z_]+(\\.[a-z_]+)?=[A-Za-z0-9_.,]+")) {
              throw new IllegalArgumentException("--pg: NAME=VALUE, a PostgreSQL setting such as shared_buffers=4GB or "
                + "auto_explain.sample_rate=0.01");
            }
            o.pgSettings.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
          }
          case "--postgres" -> {
            String which = value(args, ++i, arg);
            if (!which.equals("bench") && !which.equals("test-stack")) {
              throw new IllegalArgumentException("--postgres: bench or test-stack");
            }
            o.ownPostgres = which.equals("bench");
          }
          default -> throw new IllegalArgumentException("unknown option " + arg + " (see bench/run.sh --help)");
        }
      }
      if (!o.synchronousCommit.matches("on|off|local|remote_write|remote_apply") || !o.fsync.matches("on|off")) {
        throw new IllegalArgumentException("--synchronous-commit: on, off, local, remote_write or remote_apply; --fsync: on or off");
      }
      if (o.richEvents < 0) {
        o.richEvents = o.events;
      }
      if (o.backfillEvents < 0) {
        o.backfillEvents = o.events;
      }
      if (o.warmUpEvents < 0) {
        o.warmUpEvents = o.events / 5;
      }
      if (o.events < 1 || o.users < 1 || o.rules < 1 || o.clients < 1 || o.rawBatch < 1 || o.freshnessRate < 1
        || !(o.freshnessSeconds > 0)) {
        throw new IllegalArgumentException("sizes must be positive");
      }
      if (!(o.freshnessWarmUpSeconds >= 0)) {
        throw new IllegalArgumentException("--freshness-warm-up needs seconds, 0 or more");
      }
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static long number(String[] args, int i, String option) {
      try {
        return Long.parseLong(value(args, i, option).replace("_", "").replace(",", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a whole number, got '" + args[i] + "'");
      }
    }

    boolean has(String section) {
      return sections.contains(section);
    }

    boolean needsService() {
      return has("throughput") || has("backfill") || has("freshness") || has("reads") || has("footprint");
    }
  }

  private final Options options;
  private final BenchReport report = new BenchReport();
  private final Vertx vertx = Vertx.vertx();
  private final BenchWorkload workload;
  private final RichWorkload rich;
  private final Path resultsDir;
  private final String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
  private BenchService service;
  private BenchKafka kafka;
  private Pool serviceDb;
  private String serviceUrl;
  /** The raw reads' connections ({@link Options#clients} each): as the service's, and as its leaderboard reads'. */
  private Pool rawReadsDb;
  private Pool rawBoardsDb;
  private Context rawContext;
  private BenchHttp http;
  private double ourRate = -1;
  /** The rich workload's rules, once installed, and the contract's oracle fed every rich event so far in production order. */
  private RuleOracle richOracle;
  /** The totals the last check read ({@link BenchDirect#totals}); none before the first. */
  private Map<String, Long> verified = Map.of();
  private long expectedInbox;
  private long expectedPoints;
  /** Raw (a)'s database, once measured: right after the plain run when the throughput section runs, else on its own. */
  private Pool rawDb;
  private BenchDirect direct;
  private TestStack stack;
  private BenchPostgres postgres;

  private BenchRun(Options options) {
    this.options = options;
    this.workload = new BenchWorkload(options.rules, options.users);
    this.rich = new RichWorkload(options.users);
    this.resultsDir = Path.of(System.getProperty("bench.results", "bench/results")).toAbsolutePath();
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    BenchRun run = new BenchRun(options);
    int status;
    try {
      status = run.run();
    } catch (Throwable e) {
      System.err.println("bench: FAILED: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  static void progress(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[bench %6.1fs] %s%n", (System.nanoTime() - ORIGIN) / 1e9, String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  private int run() throws Exception {
    progress("sections %s; %,d events over %,d users, %d rules; %d read clients", options.sections, options.events,
      options.users, options.rules, options.clients);
    conditions("at start");
    if (options.quick) {
      report.fullRun = FullRunFigures.newest(resultsDir).orElse(null);
      report.row("smoke test", "--quick", "sizes too small for steady state; figures are not comparable to the full run"
        + (report.fullRun == null ? " (no full run in " + resultsDir + " to show beside them)"
          : "; the last column gives each figure of the newest full run kept, " + report.fullRun.name()), "", "");
    }
    long started = System.nanoTime();
    stack = TestStack.get();
    progress("embedded PostgreSQL and Kafka broker up in %.1f s (state under %s)", (System.nanoTime() - started) / 1e9, stack.directory());
    Throwable failure = null;
    direct = new BenchDirect(vertx, workload, this::freshConfig);
    try {
      durability();
      if (options.needsService()) {
        section("service", this::serviceSections);
      }
      if (options.has("raw") && rawDb == null) {
        section("raw limit", this::raw);
      }
      if (options.has("seed")) {
        section("seed design", this::seed);
      }
    } catch (Throwable e) {
      failure = e;
      report.failed = true;
      report.notes.add("ABORTED: " + e);
      progress("FAILED: %s", e);
    } finally {
      if (service != null) {
        service.close();
      }
      if (kafka != null) {
        kafka.close();
      }
      if (http != null) {
        http.close();
      }
      direct.close();
      if (postgres != null) {
        postgres.close();
      }
    }
    conditions("at end");
    String title = "Gamification benchmark " + stamp + (options.quick ? " — " + SMOKE_TEST : "");
    Path md = resultsDir.resolve(stamp + ".md");
    Path svg = resultsDir.resolve(stamp + ".svg");
    report.write(md, svg, title);
    System.out.println();
    System.out.println(report.markdown(title));
    System.out.println("written: " + md + " and " + svg);
    if (failure != null) {
      failure.printStackTrace();
    }
    if (report.failed) {
      System.out.println("bench: a verification FAILED (✗ above)");
      return 1;
    }
    return 0;
  }

  /** A step that may fail on its own: reported as a ✗, and the benchmark goes on with the next section. */
  interface Step {
    void run() throws Exception;
  }

  private void section(String name, Step step) {
    try {
      step.run();
    } catch (Throwable e) {
      report.check(name, "section completed", false, "aborted: " + e.getMessage());
      progress("%s FAILED:", name);
      e.printStackTrace(System.out);
    }
  }

  /** A production-mode configuration (unique topics and group of the test stack) naming a new empty database. */
  private GamificationConfig freshConfig() {
    GamificationConfig config = stack.config();
    return postgres == null ? config : config.with(Setting.PG_URL, postgres.newDatabaseUrl());
  }

  private void conditions(String when) {
    Runtime runtime = Runtime.getRuntime();
    if (when.equals("at start")) {
      report.conditions.put("git commit", System.getProperty("bench.git", "unknown"));
      report.conditions.put("nproc", Integer.toString(runtime.availableProcessors()));
      report.conditions.put("memory", meminfo());
      report.conditions.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
      report.conditions.put("options", String.format(Locale.ROOT, "sections %s, %,d events (warm-up %,d), %,d users, %d rules, "
          + "%d clients, %.0f s per read test, freshness %.0f s at %,d events/s after %.0f s of warm-up, backlog %s, seed sample %,d, raw batch %,d, compression %s%s",
        String.join(",", options.sections), options.events, options.warmUpEvents, options.users, options.rules, options.clients, options.readSeconds,
        options.freshnessSeconds, options.freshnessRate, options.freshnessWarmUpSeconds, options.backlog < 0 ? "auto" : String.format(Locale.ROOT, "%,d", options.backlog), options.seedSample, options.rawBatch,
        options.compression, options.quick ? " (--quick)" : ""));
      report.conditions.put("service JVM options (the script's default, then GAMIFICATION_JAVA_OPTS)",
        String.join(" ", BenchService.jvmOptions()));
    }
    report.conditions.put("uptime " + when, uptime());
  }

  private static String meminfo() {
    try {
      long total = 0;
      long available = 0;
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          total = Long.parseLong(line.replaceAll("\\D", ""));
        } else if (line.startsWith("MemAvailable:")) {
          available = Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      return String.format(Locale.ROOT, "%.1f GiB total, %.1f GiB available", total / 1048576.0, available / 1048576.0);
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String uptime() {
    try {
      Process process = new ProcessBuilder("uptime").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      process.waitFor(5, TimeUnit.SECONDS);
      return out;
    } catch (Exception e) {
      try {
        return "loadavg " + Files.readString(Path.of("/proc/loadavg")).trim();
      } catch (IOException io) {
        return "unknown";
      }
    }
  }

  /**
   * zonky's embedded PostgreSQL (the test stack's, and dev mode's) starts with {@code -F} (fsync off) and
   * {@code synchronous_commit=off}; the issue asks for durability as shipped. By default the benchmark runs
   * its own server from the same binaries with PostgreSQL's defaults (fsync and synchronous_commit on).
   * With {@code --postgres test-stack} it uses the test stack's server (fsync stays off; synchronous_commit
   * is set per role, which overrides the command line for new sessions).
   */
  private void durability() throws IOException {
    String where;
    if (options.ownPostgres) {
      long started = System.nanoTime();
      postgres = BenchPostgres.start(stack.directory().resolve("bench-postgres"),
        stack.directory().getParent().resolve("pg-binaries"), options.fsync, options.synchronousCommit, options.pgSettings);
      progress("the benchmark's PostgreSQL is up in %.1f s", (System.nanoTime() - started) / 1e9);
      where = "the benchmark's own server (same binaries as the test stack; PostgreSQL defaults but for the options"
        + (options.pgSettings.isEmpty() ? "" : ", and " + options.pgSettings) + ")";
    } else {
      Pool pool = PgPools.create(vertx, stack.config().with(Setting.PG_URL, stack.pgUrl()), "bench-admin", 1);
      try {
        BenchDirect.slow(pool.query("ALTER ROLE postgres SET synchronous_commit = " + options.synchronousCommit).execute());
      } finally {
        BenchDirect.slow(pool.close());
      }
      where = "the test stack's server (zonky: fsync off on its command line)";
    }
    Pool check = PgPools.create(vertx, freshConfig(), "bench-check", 1);
    try {
      report.conditions.put("PostgreSQL", BenchDirect.slow(check.query("SELECT version()").execute()).iterator().next().getString(0));
      String setting = BenchDirect.slow(check.query("SHOW synchronous_commit").execute()).iterator().next().getString(0);
      String fsync = BenchDirect.slow(check.query("SHOW fsync").execute()).iterator().next().getString(0);
      report.conditions.put("PostgreSQL durability", "synchronous_commit=" + setting + ", fsync=" + fsync + ": " + where);
      progress("PostgreSQL: synchronous_commit=%s fsync=%s", setting, fsync);
    } finally {
      BenchDirect.slow(check.close());
    }
    report.conditions.put("Kafka broker", "KRaft, single node, own JVM (" + brokerVersion() + "), the test stack's; JVM "
      + "options " + String.join(" ", EmbeddedKafka.jvmOptions(System.getProperty(EmbeddedKafka.JVM_PROPERTY))));
  }

  private static String brokerVersion() {
    try (var files = Files.list(Path.of(System.getProperty("gamification.kafka.lib", "modules/kafka-broker/target/lib")))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("kafka_2.13-")).findFirst()
        .map(n -> n.replace(".jar", "")).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  // ------------------------------------------------------------------ service sections

  private void serviceSections() throws Exception {
    // the service's default api verticles, not the test stack's two
    GamificationConfig config = freshConfig().with(Setting.TOPIC_PARTITIONS, "6")
      .with(Setting.API_INSTANCES, Integer.toString(GamificationConfig.defaultApiInstances()));
    Path log = stack.directory().resolve("bench-service-" + stamp + ".log");
    progress("starting the service (child JVM) ...");
    service = BenchService.start(config, log);
    progress("service pid %d ready on port %d after %.2f s (log %s)", service.pid(), service.port(), service.startupSeconds(), log);
    report.conditions.put("service settings", BenchService.environment(config).entrySet().stream()
      .filter(e -> !e.getKey().equals("GAMIFICATION_JWT_SECRET") && !e.getKey().equals("GAMIFICATION_PG_URL"))
      .map(e -> e.getKey().replace("GAMIFICATION_", "") + "=" + e.getValue()).reduce((a, b) -> a + " " + b).orElse(""));
    serviceDb = PgPools.create(vertx, config, "bench-verify", 2);
    serviceUrl = config.pgUrl();
    rawReadsDb = PgPools.create(vertx, config, "bench-raw-reads", options.clients, PgPools.GENERIC_PLANS);
    rawBoardsDb = PgPools.create(vertx, config, "bench-raw-boards", options.clients, PgPools.GENERIC_PLANS);
    workload.install(serviceDb);
    kafka = new BenchKafka(stack.kafkaBootstrap(), config.eventsTopic(), config.consumerGroup(), options.compression);
    // as many readers as clients, each request from the next: a real load comes from many users, and one caller's
    // rate limit (GAMIFICATION_API_RATE_LIMIT, per caller) capped the cached leaderboard reads at 20,000/s
    http = new BenchHttp(vertx, service.port(), IntStream.range(0, options.clients)
      .mapToObj(i -> TestTokens.user("bench-reader-" + i)).toList(), options.clients);

    if (options.has("throughput") || options.has("reads") || options.has("freshness")) {
      throughput();
    }
    if (options.has("backfill")) {
      section("backfill", this::backfill);
    }
    if (options.has("reads")) {
      section("reads", this::recompute);
      section("reads idle", () -> reads("idle", null));
    }
    if (options.has("freshness")) {
      section("freshness", this::freshness);
    }
    if (options.has("reads")) {
      section("reads during drain", this::readsDuringDrain);
    }
    verifyService("all service sections");
    footprint();
    long warnings = service.logLines(" WARN ");
    long errors = service.logLines(" ERROR ");
    report.info("footprint", "service log", String.format(Locale.ROOT, "%d WARN and %d ERROR lines (%s)", warnings, errors, service.log()));
    service.phase("stopping");
    int exit = service.stop();
    report.check("footprint", "service exits 0 within 60 s of SIGTERM", exit == 0, exit == -1
      ? "still running after 60 s, killed; its threads: " + service.log() + ".threads.txt" : "exit status " + exit);
    // the service database stays readable for the seed section's live leaderboard
  }

  private void throughput() {
    boolean measured = options.has("throughput");
    String section = "throughput";
    service.phase("throughput");
    long n = options.events;
    if (measured) {
      warmUp();
      service.phase("throughput");
      checkpoint(section, "before the plain run, as before raw (a)");
    }
    progress("%s: producing %,d events over %,d users (%d rules) ...", measured ? "throughput" : "loading data for the read sections",
      n, options.users, options.rules);
    Map<String, Double> metricsBefore = service.metrics(ENGINE_METRICS);
    Cost before = cost(serviceDb);
    Drain run = plainRun("t", n);
    Cost after = cost(serviceDb);
    if (!measured) {
      progress("loaded: %,d events applied in %.1f s", n, run.last().seconds() - run.produceStart());
      return;
    }
    ourRate = run.rate();
    report.timeline = kafka.samples().stream()
      .filter(s -> s.seconds() >= run.produceStart() - 0.5 && s.seconds() <= run.last().seconds() + 0.5).toList();
    report.timelineStart = run.produceStart();
    report.info(section, "time to produce " + fmt(n) + " events (acks=all)", String.format(Locale.ROOT, "%.1f s (%,.0f events/s)",
      run.produceSeconds(), n / run.produceSeconds()));
    report.atLeast(section, "sustained durable events/s, first → last commit", run.rate(), "%,.0f", 25_000, "25,000");
    report.info(section, "first → last commit", String.format(Locale.ROOT, "%.1f s for %,d events", run.seconds(), run.counted()));
    report.info(section, "events/s after producing ended (drain only)", Double.isNaN(run.drainRate()) ? "n/a (drained with the producer)"
      : String.format(Locale.ROOT, "%,.0f over %.1f s", run.drainRate(), run.drainSeconds()));
    report.rates.add(new BenchReport.Rate("service: Kafka → PostgreSQL, committed", run.rate()));
    engineDiagnostics(section, "", metricsBefore, service.metrics(ENGINE_METRICS), run.last().seconds() - run.produceStart());
    reportCost(section, "", before, after, n);
    verifyRun("throughput", "");
    if (options.has("raw")) {
      // the raw limit right after the run it is compared with: measured minutes apart, the same work took up to 1.8
      // times the CPU (the broker's per event, 5 and 9 µs), and one ratio compared two speeds of the machine
      section("raw limit", this::raw);
    }
    if (options.richEvents > 0) {
      richThroughput();
    }
  }

  /**
   * The second workload (issue 11): the same number of events on rules of every kind of CONTRACT §7 mixed with plain
   * ones ({@link RichWorkload}), measured the same way right after the plain one, on the same database.
   */
  private void richThroughput() {
    String section = "throughput";
    service.phase("throughput, rich rules");
    long n = options.richEvents;
    progress("throughput, rich rules: producing %,d events with attributes over %,d users (%d rules: conditions, points from an "
      + "attribute, window, caps, milestones, streaks, plain) ...", n, options.users, rich.rules(0, 0).size());
    Map<String, Double> metricsBefore = service.metrics(ENGINE_METRICS);
    Cost before = cost(serviceDb);
    Drain run = richRun("r", n);
    Cost after = cost(serviceDb);
    report.info(section, "rich rules: " + fmt(n) + " events, first → last commit",
      String.format(Locale.ROOT, "%.1f s for %,d events", run.seconds(), run.counted()));
    report.info(section, "rich rules: sustained durable events/s", String.format(Locale.ROOT, "%,.0f", run.rate()));
    report.info(section, "rich rules ÷ plain rules before them (on a database the plain run had not filled yet)",
      String.format(Locale.ROOT, "%.0f %%", 100 * run.rate() / ourRate));
    report.rates.add(new BenchReport.Rate("service: rich rules, committed", run.rate()));
    engineDiagnostics(section, "rich rules: ", metricsBefore, service.metrics(ENGINE_METRICS), run.last().seconds() - run.produceStart());
    reportCost(section, "rich rules: ", before, after, n);
    verifyRun("throughput, rich rules", "rich rules: ");
    double around = (ourRate + plainAgain()) / 2;
    report.atLeast(section, "rich rules ÷ plain rules around them (the mean of the plain runs before and after), durable "
      + "events/s", 100 * run.rate() / around, "%.0f %%", 80, "80 %");
  }

  /**
   * Before the measured runs, a fifth of their events ({@code --warm-up-events}) of each workload, produced and drained
   * unmeasured: the service's JIT compiles its hot paths meanwhile. Measured from a cold start, the first plain run
   * shared the two cores with the C2 compiler (half the service's CPU samples in that run, 18 % still in the rich run
   * after it, by async-profiler), so the plain run was measured on a service still warming up and the rich one on a
   * warmer one. The warm-up's rates are reported, not compared.
   */
  private void warmUp() {
    long n = options.warmUpEvents;
    if (n < 1) {
      return;
    }
    service.phase("throughput warm-up");
    progress("throughput warm-up: %,d events of the plain workload%s, not measured ...", n, options.richEvents > 0
      ? String.format(Locale.ROOT, ", then %,d of the rich one", n) : "");
    Drain plain = plainRun("w", n);
    String rates = String.format(Locale.ROOT, "plain %,.0f events/s", plain.rate());
    if (options.richEvents > 0) {
      Drain richer = richRun("wr", n);
      rates += String.format(Locale.ROOT, ", rich %,.0f events/s", richer.rate());
    }
    report.info("throughput", "warm-up before the measured runs (JIT), not counted", String.format(Locale.ROOT,
      "%,d events of each workload: %s", n, rates));
    verifyService("throughput warm-up");
  }

  /**
   * {@code n} events of the rich workload, stream {@code prefix}, produced and drained; the points they add, by the
   * oracle fed every rich event before them, are expected. Installs the rich rules at the first call.
   */
  private Drain richRun(String prefix, long n) {
    if (richOracle == null) {
      richOracle = new RuleOracle();
      rich.install(serviceDb, richOracle);
    }
    Drain run = produceAndDrain(n, () -> kafka.produce(n, i -> {
      RichWorkload.Generated record = rich.generate(prefix, i);
      return kafka.record(record.key(), record.value());
    }));
    long before = richOracle.points();
    expectedInbox += n;
    expectedPoints += RichWorkload.expectedPoints(rich, richOracle, prefix, n) - before;
    return run;
  }

  /** {@code n} events of the plain workload, stream {@code prefix}, produced and drained; what they add is expected. */
  private Drain plainRun(String prefix, long n) {
    Drain run = produceAndDrain(n, () -> kafka.produce(workload, prefix, n));
    expectedInbox += n;
    expectedPoints += workload.expectedPoints(prefix, n);
    return run;
  }

  /**
   * The plain workload again, after the rich one, with events of its own: the rich run found a database the first plain
   * run had filled, so the rich rules are compared with the plain runs before it (on a smaller database) and after it
   * (on a bigger one). Its durable events/s.
   */
  private double plainAgain() {
    String section = "throughput";
    service.phase("throughput, plain rules again");
    long n = options.events;
    progress("throughput, plain rules again: producing %,d events over %,d users ...", n, options.users);
    Cost before = cost(serviceDb);
    Drain run = plainRun("t2", n);
    Cost after = cost(serviceDb);
    report.info(section, "plain rules again, after the rich ones: sustained durable events/s",
      String.format(Locale.ROOT, "%,.0f (%.1f s for %,d events)", run.rate(), run.seconds(), run.counted()));
    reportCost(section, "plain rules again: ", before, after, n);
    verifyRun("throughput, plain rules again", "plain rules again: ");
    return run.rate();
  }

  /** The events the backfill section stores: $1..$2 numbered, users user-0..user-($3-1), each its own entity. */
  private static final String STORE_BACKFILLED = """
    INSERT INTO processed_events (event_id, event_name, user_id, related_entity_id, occurred_at)
    SELECT 'bf-' || g, 'bench.backfilled', 'user-' || (g % $3), 'course-' || g,
           timestamptz '2026-11-02 00:00:00+00' + (g % 1209600) * interval '1 second'
    FROM generate_series($1::bigint, $2::bigint) AS g""";
  private static final int BACKFILL_POINTS = 3;

  /**
   * Issue 12: {@code --backfill-events} events of one name stored straight into the inbox (as events processed before
   * a rule existed), then a new points rule on that name and its {@code backfillRule}, timed from the job's creation to
   * SUCCEEDED: events replayed per second, beside the live throughput.
   */
  private void backfill() {
    String section = "backfill";
    service.phase("backfill");
    long n = options.backfillEvents;
    progress("backfill: storing %,d events of one name in the inbox ...", n);
    for (long from = 0; from < n; from += 100_000) {
      BenchDirect.slow(serviceDb.preparedQuery(STORE_BACKFILLED).execute(Tuple.of(from, Math.min(n, from + 100_000) - 1,
        options.users)));
    }
    BenchHttp admin = new BenchHttp(vertx, service.port(), TestTokens.admin(), 1);
    try {
      String rule = admin.data("mutation { createRule(input: {eventName: \"bench.backfilled\", description: \"backfill "
        + "benchmark\", pointsAwarded: " + BACKFILL_POINTS + "}) { id } }", new JsonObject()).getJsonObject("createRule")
        .getString("id");
      long started = System.nanoTime();
      String job = admin.data("mutation($r: ID!) { backfillRule(ruleId: $r) { id } }", new JsonObject().put("r", rule))
        .getJsonObject("backfillRule").getString("id");
      progress("backfill: job %s replays %,d events to rule %s ...", job, n, rule);
      JsonObject state = awaitJob(admin, job, n);
      double seconds = (System.nanoTime() - started) / 1e9;
      double rate = state.getLong("processed") / seconds;
      report.check(section, "the job succeeded and replayed every stored event", "SUCCEEDED".equals(state.getString("status"))
        && state.getLong("processed") == n && state.getLong("granted") == n, state.encode());
      report.info(section, "events replayed (one points rule, each event its own entity)",
        String.format(Locale.ROOT, "%,d in %.1f s, job queued → SUCCEEDED", state.getLong("processed"), seconds));
      report.info(section, "backfill events/s", String.format(Locale.ROOT, "%,.0f", rate));
      if (ourRate > 0) {
        report.info(section, "backfill ÷ live plain throughput", String.format(Locale.ROOT, "%.0f %%", 100 * rate / ourRate));
      }
      report.rates.add(new BenchReport.Rate("service: backfill of one rule", rate));
    } finally {
      admin.close();
    }
    expectedInbox += n;
    expectedPoints += BACKFILL_POINTS * n;
    verifyService("backfill");
  }

  /** Polls job {@code id} until it ends (at most an hour for a million events, say). */
  private static JsonObject awaitJob(BenchHttp admin, String id, long events) {
    long deadline = System.nanoTime() + Math.max(600, events / 300) * 1_000_000_000L;
    long lastReport = System.nanoTime();
    while (true) {
      JsonObject job = admin.data("query($id: ID!) { job(id: $id) { status processed total granted error } }",
        new JsonObject().put("id", id)).getJsonObject("job");
      if (!"RUNNING".equals(job.getString("status"))) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("backfill job " + id + " still running: " + job.encode());
      }
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        progress("  replayed %,d of %s", job.getLong("processed"), job.getValue("total"));
        lastReport = System.nanoTime();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** One produce-and-drain: when producing started and ended, the first and last commit, and the rates between. */
  private record Drain(double produceStart, double produceEnd, BenchKafka.Sample last, double rate, long counted, double seconds,
                       double drainRate, double drainSeconds) {

    double produceSeconds() {
      return produceEnd - produceStart;
    }
  }

  /** Runs {@code produce} ({@code n} events) and waits until the service committed them all. */
  private Drain produceAndDrain(long n, Runnable produce) {
    long base = kafka.committed();
    double produceStart = kafka.now();
    produce.run();
    double produceEnd = kafka.now();
    progress("produced %,d events in %.1f s (%,.0f events/s); the service committed %,d so far", n, produceEnd - produceStart,
      n / (produceEnd - produceStart), kafka.committed() - base);
    BenchKafka.Sample last = kafka.awaitCommitted(base + n, 120,
      () -> progress("  committed %,d of %,d", kafka.committed() - base, n));
    List<BenchKafka.Sample> samples = kafka.samples();
    BenchKafka.Sample first = samples.stream().filter(s -> s.committed() > base).findFirst().orElse(last);
    double seconds = last.seconds() - first.seconds();
    long counted = n - (first.committed() - base);
    double rate = seconds > 0 ? counted / seconds : Double.NaN;
    BenchKafka.Sample atProduceEnd = samples.stream().filter(s -> s.seconds() >= produceEnd).findFirst().orElse(last);
    double drainSeconds = last.seconds() - atProduceEnd.seconds();
    double drainRate = drainSeconds > 0.5 ? (base + n - atProduceEnd.committed()) / drainSeconds : Double.NaN;
    return new Drain(produceStart, produceEnd, last, rate, counted, seconds, drainRate, drainSeconds);
  }

  /**
   * The CPU time of every process of the run so far ({@link BenchCpu}): the service, the Kafka broker, the PostgreSQL
   * server in use and the benchmark's own JVM (its clients); null where /proc cannot be read.
   */
  private BenchCpu.Sample cpuSample() {
    if (!BenchCpu.available()) {
      return null;
    }
    Path data = options.ownPostgres ? postgres.dataDirectory() : stack.directory().resolve("postgres").resolve("data");
    List<BenchCpu.Tree> trees = new ArrayList<>();
    if (service != null) {
      trees.add(new BenchCpu.Tree("service", service.pid(), true, true));
    }
    trees.add(new BenchCpu.Tree("Kafka broker", pidIn(stack.kafka().directory().resolve("broker.pid")), true));
    trees.add(new BenchCpu.Tree("PostgreSQL", pidIn(data.resolve("postmaster.pid")), true));
    trees.add(new BenchCpu.Tree("benchmark", ProcessHandle.current().pid(), false));
    return BenchCpu.sample(trees);
  }

  /** The pid a server's pid file names; -1 (no process) when there is none. */
  private static long pidIn(Path pidFile) {
    try {
      return LeftoverProcess.pidFrom(pidFile).orElse(-1L);
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * What a run cost, sampled before and after it: the CPU of each process ({@link #cpuSample}) and the position of
   * PostgreSQL's write-ahead log (bytes since its start, the whole server's), read through {@code db}.
   */
  private record Cost(BenchCpu.Sample cpu, long walPosition) {
  }

  private Cost cost(Pool db) {
    return new Cost(cpuSample(), BenchDirect.count(db, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint"));
  }

  /**
   * A run's CPU per event ({@link #reportCpu}) and its WAL bytes per event: what it wrote, index entries and full-page
   * images included, a measure of write amplification that does not vary with the machine's load as the CPU does.
   */
  private void reportCost(String section, String which, Cost before, Cost after, long events) {
    reportCpu(section, which, "event", before.cpu(), after.cpu(), events);
    report.info(section, which + "WAL written per event, bytes (the whole PostgreSQL server's)",
      String.format(Locale.ROOT, "%,.0f", (after.walPosition() - before.walPosition()) / (double) events));
  }

  /**
   * Where a run's CPU went, per event (or request, statement: {@code unit}): each process, the rest of the machine, the
   * machine (µs of CPU per unit).
   */
  private void reportCpu(String section, String which, String unit, BenchCpu.Sample before, BenchCpu.Sample after,
                         long events) {
    if (before == null || after == null || events == 0) {
      return;
    }
    report.info(section, which + "CPU per " + unit
        + ", µs (each process with its children; the rest of the machine; the machine in all)",
      BenchCpu.perEvent(before, after, events));
  }

  private static final String BATCH_HISTOGRAM = "gamification_engine_batch_seconds";
  private static final String LATENCY_HISTOGRAM = "gamification_event_latency_seconds";
  /** The bounds (seconds, buckets of the service's histograms) that {@link #slower} counts beyond. */
  private static final double[] SLOW_BOUNDS = {0.025, 0.05, 0.1, 0.25};

  /**
   * How many observations of a histogram between two scrapes took longer than each of {@link #SLOW_BOUNDS}, with their
   * share of all: "n (x %) / ..., of N"; "not available" without buckets.
   */
  static String slower(NavigableMap<Double, Double> before, NavigableMap<Double, Double> after) {
    double all = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (all <= 0) {
      return "not available";
    }
    StringBuilder out = new StringBuilder();
    for (double bound : SLOW_BOUNDS) {
      double within = after.getOrDefault(bound, 0.0) - before.getOrDefault(bound, 0.0);
      out.append(out.isEmpty() ? "" : " / ")
        .append(String.format(Locale.ROOT, "%,.0f (%.2f %%)", all - within, 100 * (all - within) / all));
    }
    return out.append(String.format(Locale.ROOT, ", of %,.0f", all)).toString();
  }

  private static final String[] ENGINE_METRICS = {"gamification_engine_batch_seconds_count",
    "gamification_engine_batch_seconds_sum", "gamification_events_applied_total"};

  /** What the engine's own meters say about the run: batches, their size and time, how many overlapped. */
  private void engineDiagnostics(String section, String which, Map<String, Double> before, Map<String, Double> after,
                                 double wallSeconds) {
    double batches = after.getOrDefault(ENGINE_METRICS[0], 0.0) - before.getOrDefault(ENGINE_METRICS[0], 0.0);
    double batchSeconds = after.getOrDefault(ENGINE_METRICS[1], 0.0) - before.getOrDefault(ENGINE_METRICS[1], 0.0);
    double applied = after.getOrDefault(ENGINE_METRICS[2], 0.0) - before.getOrDefault(ENGINE_METRICS[2], 0.0);
    if (batches <= 0) {
      report.info(section, which + "engine meters (/metrics)", "not available");
      return;
    }
    report.info(section, which + "engine meters (/metrics): batches, events per batch, ms per batch, batches in flight",
      String.format(Locale.ROOT, "%,.0f batches, %.0f events/batch, %.1f ms/batch transaction, %.2f in flight on average",
        batches, applied / batches, 1000 * batchSeconds / batches, batchSeconds / wallSeconds));
  }

  /**
   * The checks after a measured throughput run ({@link #verifyService}), and what the run wrote per event, from the
   * totals checked before and after it, so the workloads' ratio can be read against what each writes: points entries,
   * badges and titles, and the rows §7's rules keep (cap counters, milestone keys and progress, streak marks and
   * progress; an update of one adds none).
   */
  private void verifyRun(String when, String which) {
    Map<String, Long> before = verified;
    verifyService(when);
    Map<String, Long> after = verified;
    double events = after.get("inbox") - before.getOrDefault("inbox", 0L);
    report.info("throughput", which + "rows written per event: points entries, badges and titles, rule counters",
      String.format(Locale.ROOT, "%.2f, %.3f, %.2f", (after.get("logRows") - before.getOrDefault("logRows", 0L)) / events,
        (after.get("badgesTitles") - before.getOrDefault("badgesTitles", 0L)) / events,
        (after.get("ruleCounters") - before.getOrDefault("ruleCounters", 0L)) / events));
  }

  private void verifyService(String when) {
    var totals = BenchDirect.totals(serviceDb);
    verified = totals;
    String section = when.equals("throughput") ? "throughput" : "verify";
    report.check(section, "processed_events = events sent (" + when + ")", totals.get("inbox") == expectedInbox,
      String.format(Locale.ROOT, "%,d of %,d", totals.get("inbox"), expectedInbox));
    report.check(section, "sum(user_totals) = sum(points_log)", totals.get("totals").equals(totals.get("logPoints")),
      String.format(Locale.ROOT, "%,d = %,d", totals.get("totals"), totals.get("logPoints")));
    report.check(section, "sum(points_log) = points the workload earns", totals.get("logPoints") == expectedPoints,
      String.format(Locale.ROOT, "%,d = %,d", totals.get("logPoints"), expectedPoints));
  }

  /**
   * VACUUM (ANALYZE) of the service's database, and a CHECKPOINT when {@code checkpoint}. Before the read tests,
   * the VACUUM: the idle reads measure a settled database, not autovacuum catching up with the millions of rows
   * written just before (the first read test ran 2-3 times slower than the same read right after it). Before the
   * freshness stream, the CHECKPOINT as well: the stream measures 1,000 events/s, not the writeback of the gigabytes
   * the sections before it wrote, which otherwise fell inside its 30 s (commits of a few events waited 100-370 ms
   * for the WAL's fsync behind it, and autovacuum of the same tables ran meanwhile; a steady stream's own
   * checkpoints stay in). The read tests have theirs after the recompute ({@link #recompute}).
   */
  private void settle(String section, boolean checkpoint) {
    String what = checkpoint ? "VACUUM (ANALYZE) and CHECKPOINT" : "VACUUM (ANALYZE)";
    double seconds = maintenance(checkpoint ? List.of("VACUUM (ANALYZE)", "CHECKPOINT") : List.of("VACUUM (ANALYZE)"));
    report.info(section, what + " of the service's database before the " + (checkpoint ? "stream" : "read tests"),
      String.format(Locale.ROOT, "%.1f s", seconds));
  }

  /** A CHECKPOINT of the server, reported: the next run starts without the dirty buffers of the runs before it. */
  private void checkpoint(String section, String when) {
    double seconds = maintenance(List.of("CHECKPOINT"));
    report.info(section, "CHECKPOINT " + when, String.format(Locale.ROOT, "%.1f s", seconds));
  }

  /** Runs {@code statements} on the service's database, one after the other, without a time limit; their seconds. */
  private double maintenance(List<String> statements) {
    Pool admin = PgPools.create(vertx, stack.config().with(Setting.PG_URL, serviceUrl), "bench-vacuum", 1,
      Map.of(PgPools.STATEMENT_TIMEOUT, "0"));
    try {
      long started = System.nanoTime();
      for (String statement : statements) {
        BenchDirect.slow(admin.query(statement).execute());
      }
      return (System.nanoTime() - started) / 1e9;
    } finally {
      BenchDirect.slow(admin.close());
    }
  }

  /**
   * Before the idle read tests: the VACUUM ({@link #settle}), the board's recompute, then a CHECKPOINT, so that no
   * checkpoint begun by the writes before them (spread over minutes) runs through the tests — on a 2-core machine, CPU
   * and I/O taken from the reads and from the statements they are compared with. Each test reports what PostgreSQL
   * wrote meanwhile ({@link #writeback}).
   */
  private void recompute() {
    settle("reads", false);
    BenchHttp admin = new BenchHttp(vertx, service.port(), TestTokens.admin(), 1);
    try {
      long started = System.nanoTime();
      admin.data("mutation { recomputeLeaderboard { computedAt } }", new JsonObject());
      report.info("reads", "recomputeLeaderboard before the read tests", String.format(Locale.ROOT, "%.2f s over %,d users",
        (System.nanoTime() - started) / 1e9, BenchDirect.count(serviceDb, "SELECT count(*) FROM user_totals")));
    } finally {
      admin.close();
    }
    checkpoint("reads", "after the recompute, before the read tests");
  }

  /**
   * The server's writes so far: buffers written by checkpoints, by the background writer and backends (dirty pages
   * evicted), and checkpoints begun.
   */
  private long[] writeback() {
    Row row = BenchDirect.slow(serviceDb.query("SELECT buffers_checkpoint, buffers_clean + buffers_backend, "
      + "checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter").execute()).iterator().next();
    return new long[] {row.getLong(0), row.getLong(1), row.getLong(2)};
  }

  /** What PostgreSQL wrote during a test ({@code when}), from two {@link #writeback} readings. */
  private void writeback(String section, String when, long[] before, long[] after) {
    report.info(section, when + ": MiB written by checkpoints, by the background writer and backends; "
        + "checkpoints begun",
      String.format(Locale.ROOT, "%,.0f, %,.0f; %d", (after[0] - before[0]) * 8 / 1024.0,
        (after[1] - before[1]) * 8 / 1024.0, after[2] - before[2]));
  }

  private Supplier<Buffer> userQuery(String query) {
    return () -> BenchHttp.body(query, new JsonObject().put("u", "user-" + ThreadLocalRandom.current().nextInt(options.users)));
  }

  /** A random user of the workload. */
  private String randomUser() {
    return "user-" + ThreadLocalRandom.current().nextInt(options.users);
  }

  /**
   * The three reads, {@link Options#readSeconds} each, with {@link Options#clients} clients; {@code drain} watches the
   * backlog when not null. Idle, each read runs again with {@link #FEW_CLIENTS} clients (p99 target), and as raw
   * SQL — the very statement that answers it, run through the Vert.x PostgreSQL client with as many connections as
   * clients, for as long — to which its rate is compared; and the raw SQL once more with {@link #FEW_CLIENTS}
   * connections, the bound of the p99 target on this machine.
   */
  private void reads(String when, long[] drain) {
    service.phase("reads " + when);
    Buffer leaderboard = BenchHttp.body(LEADERBOARD, new JsonObject());
    String profileSql = ProfileSnapshots.statement(PROFILE_FIELDS);
    String topSql = LeaderboardFetchers.topStatement();
    String rankSql = LeaderboardFetchers.rankStatement();
    record Read(String name, Supplier<Buffer> body, String rawName, Supplier<Future<?>> raw) {
    }
    for (Read read : List.of(
      new Read("gamificationProfile", userQuery(PROFILE), "the profile's one statement",
        () -> rawReadsDb.preparedQuery(profileSql).execute(ProfileSnapshots.arguments(randomUser()))),
      new Read("leaderboard(limit: 100)", leaderboard::copy, "the top of the board (the service answers from its copy)",
        () -> rawBoardsDb.preparedQuery(topSql).execute(Tuple.of("ALL_TIME", 100))),
      new Read("rank (gamificationProfile { rank })", userQuery(RANK), "the rank's lookup",
        () -> rawBoardsDb.preparedQuery(rankSql).execute(Tuple.of(randomUser()))))) {
      String section = "reads " + when;
      String label = read.name() + ", " + when;
      long committedBefore = kafka.committed();
      double before = kafka.now();
      // during the drain the paths are warm (the idle tests ran them) and the backlog is finite, and a smoke test is to
      // be short: the shortest warm-up
      boolean steady = drain == null && !options.quick;
      BenchHttp.Load load = graphQlLoad(section, label, read.body(), options.clients, steady, drain == null);
      if (drain != null) {
        long committedAfter = kafka.committed();
        long remaining = drain[0] - committedAfter;
        report.info(section, label + ": engine events/s meanwhile", String.format(Locale.ROOT, "%,.0f (%,d left in the backlog%s)",
          (committedAfter - committedBefore) / (kafka.now() - before), Math.max(0, remaining),
          remaining <= 0 ? " — it ran out during this test: a bigger --backlog keeps the load on" : ""));
        continue;
      }
      if (options.clients != FEW_CLIENTS) {
        graphQlLoad(section, read.name() + ", " + FEW_CLIENTS + " clients, " + when, read.body(), FEW_CLIENTS, steady,
          true);
      }
      BenchHttp.Load raw = rawLoad(section, read.name(), read.rawName(), when, options.clients, steady, read.raw());
      if (options.clients != FEW_CLIENTS) {
        // the bound of the p99 target at 8 clients: the same statement, with as few connections
        rawLoad(section, read.name(), read.rawName(), when, FEW_CLIENTS, steady, read.raw());
      }
      report.atLeast(section, read.name() + ", " + when + ": GraphQL ÷ raw, requests/s (" + options.clients + " clients)",
        100 * load.perSecond() / raw.perSecond(), "%.0f %%", RAW_SHARE_TARGET, "50 %");
    }
  }

  /**
   * One raw SQL read test: {@code statement} run with {@code connections} at once; requests/s, p50, p99, failures,
   * what PostgreSQL wrote meanwhile, and where the CPU of the counted seconds went per statement.
   */
  private BenchHttp.Load rawLoad(String section, String readName, String rawName, String when, int connections,
                                 boolean steady, Supplier<Future<?>> statement) {
    progress("reads %s: raw SQL of %s (%s) with %d connections for %.0f s after a warm-up%s ...", when, readName,
      rawName, connections, options.readSeconds, warmUpDescription(steady));
    long[] writtenBefore = writeback();
    BenchCpu.Sample[] cpuBefore = new BenchCpu.Sample[1];
    BenchHttp.Load raw = BenchHttp.measured(rawContext(), connections, options.readSeconds, steady, statement,
      () -> cpuBefore[0] = cpuSample());
    BenchCpu.Sample cpuAfter = cpuSample();
    String rawLabel = readName + ", raw SQL (" + rawName + "), " + connections + " connections, " + when;
    writeback(section, rawLabel + ": PostgreSQL meanwhile (with the warm-up)", writtenBefore, writeback());
    reportCpu(section, rawLabel + ": ", "statement", cpuBefore[0], cpuAfter, raw.nanos().length + raw.failures());
    report.info(section, rawLabel + " requests/s", String.format(Locale.ROOT, "%,.0f", raw.perSecond()));
    report.info(section, rawLabel + " p50 ms", String.format(Locale.ROOT, "%.2f", raw.percentileMillis(50)));
    report.info(section, rawLabel + " p99 ms", String.format(Locale.ROOT, "%.2f", raw.percentileMillis(99)));
    report.info(section, rawLabel + " warm-up", raw.warmUp().describe());
    report.check(section, rawLabel + ": no failed statement", raw.failures() == 0,
      raw.failures() == 0 ? String.format(Locale.ROOT, "%,d statements", raw.nanos().length)
        : raw.failures() + " failed, first: " + raw.firstFailure());
    report.latencies.add(new BenchReport.Latency(readName + ", raw SQL, " + connections + " connections, " + when,
      raw.percentileMillis(50), raw.percentileMillis(99), 0));
    return raw;
  }

  private static String warmUpDescription(boolean steady) {
    return steady ? " to a steady rate" : String.format(Locale.ROOT, " of %.0f s", BenchHttp.MIN_WARM_UP_SECONDS);
  }

  /**
   * One GraphQL read test: requests/s, p50 and p99 (target 5 ms), failures, what PostgreSQL wrote meanwhile, and,
   * when the reads are {@code alone} on the machine (no drain), where the CPU of the counted seconds went per request;
   * the latencies go to the chart. Warmed up to a steady rate, or for the shortest warm-up only when not
   * {@code steady}.
   */
  private BenchHttp.Load graphQlLoad(String section, String label, Supplier<Buffer> body, int clients, boolean steady,
                                     boolean alone) {
    progress("%s: %s with %d clients for %.0f s after a warm-up%s ...", section, label, clients, options.readSeconds,
      warmUpDescription(steady));
    Map<String, Double> metricsBefore = service.metrics(PROFILE_METRICS);
    long[] writtenBefore = writeback();
    BenchCpu.Sample[] cpuBefore = new BenchCpu.Sample[1];
    BenchHttp.Load load = http.load(clients, options.readSeconds, steady, body, () -> cpuBefore[0] = cpuSample());
    BenchCpu.Sample cpuAfter = cpuSample();
    report.info(section, label + " warm-up", load.warmUp().describe());
    writeback(section, label + ": PostgreSQL meanwhile (with the warm-up)", writtenBefore, writeback());
    if (alone) {
      reportCpu(section, label + ": ", "request", cpuBefore[0], cpuAfter, load.nanos().length + load.failures());
    }
    profileStatements(section, label, metricsBefore, service.metrics(PROFILE_METRICS));
    report.atMost(section, label + " p99 ms", load.percentileMillis(99), "%.2f", 5, "5 ms");
    report.info(section, label + " p50 ms", String.format(Locale.ROOT, "%.2f", load.percentileMillis(50)));
    report.atLeast(section, label + " requests/s", load.perSecond(), "%,.0f", 5_000, "5,000");
    report.check(section, label + ": no failed request", load.failures() == 0,
      load.failures() == 0 ? String.format(Locale.ROOT, "%,d requests", load.nanos().length)
        : load.failures() + " failed, first: " + load.firstFailure());
    report.latencies.add(new BenchReport.Latency(label, load.percentileMillis(50), load.percentileMillis(99), 5));
    return load;
  }

  private static final String[] PROFILE_METRICS = {"gamification_api_profile_statement_users_count",
    "gamification_api_profile_statement_users_sum"};

  /**
   * How many profiles each of the service's profile statements read during a read test (with its warm-up): 1 when
   * every read went out alone, more when reads of one event-loop turn, or that waited for a connection, went out
   * together. Nothing for a test that read no profile statement (the rank's).
   */
  private void profileStatements(String section, String label, Map<String, Double> before, Map<String, Double> after) {
    double statements = after.getOrDefault(PROFILE_METRICS[0], 0.0) - before.getOrDefault(PROFILE_METRICS[0], 0.0);
    double profiles = after.getOrDefault(PROFILE_METRICS[1], 0.0) - before.getOrDefault(PROFILE_METRICS[1], 0.0);
    if (statements > 0) {
      report.info(section, label + ": profiles per profile statement (service /metrics, with the warm-up)",
        String.format(Locale.ROOT, "%.2f (%,.0f statements)", profiles / statements, statements));
    }
  }

  /** One event loop of the benchmark's Vert.x for the raw reads, as the GraphQL client has one. */
  private Context rawContext() {
    if (rawContext == null) {
      rawContext = vertx.getOrCreateContext();
    }
    return rawContext;
  }

  /**
   * Without {@code --backlog}: enough to keep the engine busy through the three read tests at the rate the
   * throughput section measured (×1.25), or {@code --events} when it did not run.
   */
  private long backlog() {
    if (options.backlog > 0) {
      return options.backlog;
    }
    if (ourRate > 0) {
      return Math.max(10_000, (long) Math.ceil(ourRate * 3 * (options.readSeconds + 1) * 1.25));
    }
    return options.events;
  }

  private void readsDuringDrain() {
    long b = backlog();
    service.phase("reads during drain (producing)");
    long base = kafka.committed();
    progress("reads during drain: producing a backlog of %,d events ...", b);
    double started = kafka.now();
    kafka.produce(workload, "b", b);
    report.info("reads during drain", "backlog produced", String.format(Locale.ROOT, "%,d events in %.1f s; %,d already committed",
      b, kafka.now() - started, kafka.committed() - base));
    expectedInbox += b;
    expectedPoints += workload.expectedPoints("b", b);
    reads("during drain", new long[] {base + b});
    service.phase("drain after reads");
    kafka.awaitCommitted(base + b, 120, () -> progress("  backlog: committed %,d of %,d", kafka.committed() - base, b));
  }

  private void freshness() throws Exception {
    service.phase("freshness");
    int rate = options.freshnessRate;
    double duration = options.freshnessSeconds;
    int probeRate = options.probesPerSecond;
    settle("freshness", true);
    double warmUpSeconds = options.freshnessWarmUpSeconds;
    progress("freshness: %,d events/s for %.0f s after %.0f s of warm-up, %d probes/s watched through gamificationProfile, "
      + "every probe out asked for every %d ms ...", rate, duration, warmUpSeconds, probeRate, PROBE_PERIOD_MS);
    BenchProbes watcher = new BenchProbes(vertx, http, PROBE_PERIOD_MS);
    long base = kafka.committed();
    Map<String, Double> metricsBefore = null;
    NavigableMap<Double, Double> batchesBefore = null;
    NavigableMap<Double, Double> latencyBefore = null;
    BenchCpu.Sample cpuBefore = null;
    long[] writtenBefore = null;
    long measuredFromMillis = 0;
    long background = 0;
    int probes = 0;
    long backgroundWarmUp = -1;
    int probesWarmUp = -1;
    long points = 0;
    List<Future<Long>> visible = new ArrayList<>();
    List<Long> sentAt = new ArrayList<>();
    long start = System.nanoTime();
    long measuredFrom = start + (long) (warmUpSeconds * 1e9);
    long end = measuredFrom + (long) (duration * 1e9);
    long tick = 10_000_000L; // 10 ms
    double perTick = rate / 100.0;
    double owed = 0;
    long nextProbe = start;
    long probeEvery = 1_000_000_000L / probeRate;
    String probeRun = Long.toString(System.currentTimeMillis(), 36);
    for (long next = start; next < end; next += tick) {
      long now = System.nanoTime();
      if (next > now) {
        TimeUnit.NANOSECONDS.sleep(next - now);
      }
      if (cpuBefore == null && System.nanoTime() >= measuredFrom) {
        // the measured part starts: what the stream costs is counted from here
        backgroundWarmUp = background;
        probesWarmUp = probes;
        metricsBefore = service.metrics(ENGINE_METRICS);
        batchesBefore = service.buckets(BATCH_HISTOGRAM);
        latencyBefore = service.buckets(LATENCY_HISTOGRAM);
        cpuBefore = cpuSample();
        writtenBefore = writeback();
        measuredFrom = System.nanoTime();
        measuredFromMillis = System.currentTimeMillis();
      }
      owed += perTick;
      while (owed >= 1) {
        BenchWorkload.Event event = workload.event("f", background++);
        kafka.sendNow(workload, event, false);
        points += workload.points(event);
        owed--;
      }
      while (System.nanoTime() >= nextProbe && nextProbe < end) {
        String user = "fresh-" + probeRun + "-" + probes;
        BenchWorkload.Event event = workload.event("p-" + probeRun + "-" + probes, workload.pointsNameIndex(), user);
        points += workload.points(event);
        long t0 = System.nanoTime();
        kafka.sendNow(workload, event, true);
        visible.add(watcher.awaitPoints(user, t0 + 30_000_000_000L));
        sentAt.add(t0);
        probes++;
        nextProbe += probeEvery;
      }
    }
    kafka.flush();
    long streamEnd = System.nanoTime();
    double actualSeconds = (streamEnd - measuredFrom) / 1e9;
    List<Long> latencies = new ArrayList<>();
    /** The measured probes' latencies by the 10 s window of the stream they were sent in. */
    List<List<Long>> windows = new ArrayList<>();
    int failures = 0;
    String firstFailure = null;
    for (int i = 0; i < visible.size(); i++) {
      try {
        long at = visible.get(i).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (sentAt.get(i) >= measuredFrom) {
          latencies.add(at - sentAt.get(i));
          int window = (int) ((sentAt.get(i) - measuredFrom) / 10_000_000_000L);
          while (windows.size() <= window) {
            windows.add(new ArrayList<>());
          }
          windows.get(window).add(at - sentAt.get(i));
        }
      } catch (Exception e) {
        failures++;
        if (firstFailure == null) {
          firstFailure = e.getMessage();
        }
      }
    }
    expectedInbox += background + probes;
    expectedPoints += points;
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    double p50 = BenchHttp.percentile(sorted, 50) / 1e6;
    double p99 = BenchHttp.percentile(sorted, 99) / 1e6;
    String section = "freshness";
    long measuredEvents = background - backgroundWarmUp;
    report.info(section, "steady stream", String.format(Locale.ROOT, "%,d events in %.1f s (%,.0f events/s) + %d probes, after "
        + "a warm-up of %.0f s (%,d events and %d probes, not counted)", measuredEvents, actualSeconds,
      measuredEvents / actualSeconds, probes - probesWarmUp, warmUpSeconds, backgroundWarmUp, probesWarmUp));
    report.atMost(section, "produced → visible in gamificationProfile p99 ms", p99, "%.1f", 100, "100 ms");
    report.info(section, "produced → visible p50 ms", String.format(Locale.ROOT, "%.1f (max %.1f; %d probes after the warm-up)",
      p50, sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, sorted.length));
    report.info(section, "produced → visible p99 ms in each 10 s of the measured stream", windows.stream()
      .map(window -> String.format(Locale.ROOT, "%.1f", BenchHttp.percentile(
        window.stream().mapToLong(Long::longValue).sorted().toArray(), 99) / 1e6))
      .collect(java.util.stream.Collectors.joining(", ")));
    report.info(section, "probes watched", String.format(Locale.ROOT, "at most %d out at once; %,d requests (%,.0f/s): one round every %d ms"
      + " asks for every probe out not asked for yet, %d per request", watcher.maxOut(), watcher.requests(),
      watcher.requests() / ((streamEnd - start) / 1e9), PROBE_PERIOD_MS, BenchProbes.PER_REQUEST));
    report.check(section, "every probe became visible", failures == 0, failures == 0 ? probes + " probes" : failures + " not visible: " + firstFailure);
    report.latencies.add(new BenchReport.Latency("freshness: produced → visible in profile", p50, p99, 100));
    // the section's own records: the inbox also holds what went in without Kafka (the backfill section's events)
    kafka.awaitCommitted(base + background + probes, 120, null);
    // what the measured stream cost, from its first event until the last one was committed (the probes' requests included)
    engineDiagnostics(section, "", metricsBefore, service.metrics(ENGINE_METRICS), (System.nanoTime() - measuredFrom) / 1e9);
    report.info(section, "where the slow ones were (service /metrics over the measured stream): engine batch transactions, "
        + "and events from their Kafka timestamp to durable in PostgreSQL, taking longer than 25 / 50 / 100 / 250 ms",
      "batches " + slower(batchesBefore, service.buckets(BATCH_HISTOGRAM)) + "; events "
        + slower(latencyBefore, service.buckets(LATENCY_HISTOGRAM)));
    reportCpu(section, "", "event", cpuBefore, cpuSample(), measuredEvents + probes - probesWarmUp);
    // what else could hold a batch up: PostgreSQL's writeback (its log has each checkpoint's write and sync times) and
    // the service's own pauses
    writeback(section, "PostgreSQL during the measured stream", writtenBefore, writeback());
    BenchGcLog.Pauses pauses = service.gcPauses(measuredFromMillis, System.currentTimeMillis());
    report.info(section, "service GC pauses during the measured stream: how many, the longest, in all",
      String.format(Locale.ROOT, "%d, %.1f ms, %.1f ms", pauses.count(), pauses.longestMs(), pauses.totalMs()));
  }

  private void footprint() {
    if (!options.has("footprint")) {
      return;
    }
    String section = "footprint";
    report.info(section, "start-up: process start → /health/ready 200", String.format(Locale.ROOT,
      "%.2f s (fresh database: migrations included)", service.startupSeconds()));
    double maxMib = service.maxRssKb() / 1024.0;
    report.atMost(section, "service RSS, max sampled every 100 ms (MiB)", maxMib, "%,.0f", 1024, "1,024 MiB");
    report.info(section, "RSS maximum fell in phase", service.maxRssPhase());
    report.info(section, "RSS high-water mark (VmHWM, MiB)", String.format(Locale.ROOT, "%,.0f", service.peakRssKb() / 1024.0));
    if (options.sections.size() == 1) {
      report.notes.add("footprint ran alone: the RSS is the idle service's; run it with the other sections for the RSS under load.");
    }
  }

  // ------------------------------------------------------------------ PostgreSQL-only sections

  /**
   * The raw limit: the plain workload's rows inserted straight into fresh databases, (a) inbox + log + totals and (b)
   * every row the engine writes, and ours ÷ each. With the throughput section, right after its first plain run and,
   * as that run, after a CHECKPOINT; otherwise on its own.
   */
  private void raw() {
    long n = options.events;
    String section = "raw limit";
    if (serviceUrl != null) {
      checkpoint(section, "before (a), as before the plain run");
    }
    progress("raw (a): %,d events straight into PostgreSQL, %,d per transaction: inbox + points log + totals ...", n, options.rawBatch);
    BenchDirect.Db a = direct.freshDatabase("bench-raw-a");
    Cost beforeA = cost(a.pool());
    BenchDirect.Run runA = direct.raw(a, "t", n, options.rawBatch, false);
    Cost afterA = cost(a.pool());
    rawDb = a.pool();
    report.info(section, "(a) inbox + log + totals, " + fmt(options.rawBatch) + " events/transaction, events/s",
      String.format(Locale.ROOT, "%,.0f (%,d rows in %.1f s)", runA.perSecond(), runA.rows(), runA.seconds()));
    reportCost(section, "(a) ", beforeA, afterA, n);
    verifyDirect(section + " (a)", a.pool(), n);
    progress("raw (b): the same events, every row the engine writes (also badges, titles, reward outbox) ...");
    BenchDirect.Db b = direct.freshDatabase("bench-raw-b");
    Cost beforeB = cost(b.pool());
    BenchDirect.Run runB = direct.raw(b, "t", n, options.rawBatch, true);
    Cost afterB = cost(b.pool());
    report.info(section, "(b) every row the engine writes, events/s",
      String.format(Locale.ROOT, "%,.0f (%,d rows in %.1f s)", runB.perSecond(), runB.rows(), runB.seconds()));
    reportCost(section, "(b) ", beforeB, afterB, n);
    verifyDirect(section + " (b)", b.pool(), n);
    report.rates.add(new BenchReport.Rate("raw (a): inbox + log + totals", runA.perSecond()));
    report.rates.add(new BenchReport.Rate("raw (b): every row the engine writes", runB.perSecond()));
    if (ourRate > 0) {
      report.atLeast(section, "ours ÷ raw (a)", 100 * ourRate / runA.perSecond(), "%.0f %%", 60, "60 %");
      report.info(section, "ours ÷ raw (b)", String.format(Locale.ROOT, "%.0f %%", 100 * ourRate / runB.perSecond()));
    }
  }

  private void verifyDirect(String section, Pool pool, long n) {
    var totals = BenchDirect.totals(pool);
    long points = workload.expectedPoints("t", n);
    report.check(section, "inbox rows = events", totals.get("inbox") == n, String.format(Locale.ROOT,
      "%,d (log %,d rows, badges and titles %,d, outbox %,d rows)", totals.get("inbox"), totals.get("logRows"),
      totals.get("badgesTitles"), totals.get("outbox")));
    report.check(section, "sum(user_totals) = sum(points_log) = workload's points",
      totals.get("totals").equals(totals.get("logPoints")) && totals.get("logPoints") == points,
      String.format(Locale.ROOT, "%,d = %,d = %,d", totals.get("totals"), totals.get("logPoints"), points));
  }

  private void seed() {
    String section = "seed design";
    int sample = options.seedSample;
    progress("seed design: %,d events, one transaction each (rules read, rewards inserted, total updated) ...", sample);
    BenchDirect.Db db = direct.freshDatabase("bench-seed");
    BenchDirect.Run run = direct.seedDesign(db, "s", sample);
    report.info(section, "one transaction per event, events/s", String.format(Locale.ROOT, "%,.0f (%,d events in %.1f s)",
      run.perSecond(), sample, run.seconds()));
    var totals = BenchDirect.totals(db.pool());
    long points = workload.expectedPoints("s", sample);
    report.check(section, "sum(user_totals) = sum(points_log) = workload's points",
      totals.get("totals").equals(totals.get("logPoints")) && totals.get("logPoints") == points,
      String.format(Locale.ROOT, "%,d = %,d = %,d", totals.get("totals"), totals.get("logPoints"), points));
    report.rates.add(new BenchReport.Rate("seed design: one transaction per event", run.perSecond()));
    if (ourRate > 0) {
      report.info(section, "gain: ours ÷ seed design", String.format(Locale.ROOT, "× %.1f", ourRate / run.perSecond()));
    }
    String which = rawDb != null ? "raw (a)'s log" : serviceDb != null ? "the service's log" : "a log loaded for it";
    if (rawDb == null && serviceDb == null) {
      progress("seed design: loading the %,d-event log (as raw (a)) for the live leaderboard ...", options.events);
      BenchDirect.Db log = direct.freshDatabase("bench-seed-log");
      direct.raw(log, "t", options.events, options.rawBatch, false);
      rawDb = log.pool();
    }
    Pool logDb = rawDb != null ? rawDb : serviceDb;
    long logRows = BenchDirect.count(logDb, "SELECT count(*) FROM points_log");
    long users = BenchDirect.count(logDb, "SELECT count(DISTINCT user_id) FROM points_log");
    progress("seed design: live GROUP BY leaderboard over %s (%,d rows, %,d users) ...", which, logRows, users);
    long[] nanos = direct.liveLeaderboard(logDb, options.seedLeaderboardRuns, 30);
    double p50 = BenchHttp.percentile(nanos, 50) / 1e6;
    double p99 = BenchHttp.percentile(nanos, 99) / 1e6;
    report.info(section, "live GROUP BY top-100 leaderboard p50 / p99 ms", String.format(Locale.ROOT,
      "%.1f / %.1f (%d runs over %,d log rows, %,d users; SQL only, no HTTP)", p50, p99, nanos.length, logRows, users));
    report.latencies.add(new BenchReport.Latency("seed: live GROUP BY top 100 (SQL)", p50, p99, -1));
  }

  private static String fmt(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
