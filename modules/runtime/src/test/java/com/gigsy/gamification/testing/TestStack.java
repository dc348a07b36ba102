package com.gigsy.gamification.testing;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.embedded.DirectoryLock;
import com.gigsy.gamification.embedded.EmbeddedKafka;
import com.gigsy.gamification.embedded.EmbeddedPostgres;
import com.gigsy.gamification.embedded.LeftoverProcess;
import com.gigsy.gamification.embedded.Ports;
import com.gigsy.gamification.core.Setting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * One real PostgreSQL and one real Kafka broker for all tests of a JVM: started on first use (side by
 * side, on free ports), stopped by a shutdown hook. Tests stay apart by owning their data: a fresh
 * database ({@link #newDatabaseUrl()}) and unique topics and consumer group ({@link #config()}).
 * <p>
 * State goes under the system property {@code gamification.test.dir} (surefire sets
 * {@code target/test-stack}), one {@code run-*} directory per JVM, so test JVMs running at the same time
 * do not meet. Run directories of JVMs that died are cleaned at the next start, leftover servers included.
 */
public final class TestStack {

  /** The HS256 secret of {@link #config()}; sign test tokens with it. */
  public static final String JWT_SECRET = "gamification-test-secret-0123456789abcdef";

  private static final String TEST_DIR_PROPERTY = "gamification.test.dir";
  private static final String RUN_PREFIX = "run-";

  private static TestStack instance;

  private final Path runDir;
  private final DirectoryLock runLock;
  private final EmbeddedPostgres postgres;
  private final EmbeddedKafka kafka;

  private TestStack(Path runDir, DirectoryLock runLock, EmbeddedPostgres postgres, EmbeddedKafka kafka) {
    this.runDir = runDir;
    this.runLock = runLock;
    this.postgres = postgres;
    this.kafka = kafka;
  }

  /** The stack of this JVM, started on first call. */
  public static synchronized TestStack get() {
    if (instance == null) {
      try {
        instance = start();
      } catch (IOException e) {
        throw new UncheckedIOException("the test stack did not start", e);
      }
      TestStack stack = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "test-stack-stop"));
    }
    return instance;
  }

  /** The broker's bootstrap servers, {@code 127.0.0.1:port}. */
  public String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  /**
   * Starts the broker again when a test stopped it and did not start it; for teardown, run before what
   * needs the broker to stop cleanly: {@code closer.add(TestStack.get()::ensureKafkaRunning)}.
   */
  public void ensureKafkaRunning() throws IOException {
    if (!kafka.isRunning()) {
      kafka.start();
    }
  }

  public EmbeddedPostgres postgres() {
    return postgres;
  }

  /** The URL of the server's shared {@code gamification} database; tests that write should use {@link #newDatabaseUrl()}. */
  public String pgUrl() {
    return postgres.url();
  }

  /** Creates an empty database with a unique name and returns its URL, with credentials. */
  public String newDatabaseUrl() {
    String name = "test_" + UUID.randomUUID().toString().replace("-", "");
    try {
      postgres.createDatabase(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return postgres.url(name);
  }

  /**
   * A production-mode configuration of its own: a fresh database, unique topics ({@code t<id>.events},
   * {@code .dlq}, {@code .rewards}) and consumer group, HTTP port 0, {@link #JWT_SECRET}, no demo data,
   * 3 partitions per topic, two api verticles. Adjust with {@code config().with(setting, value)}.
   */
  public GamificationConfig config() {
    String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Map<String, String> env = new HashMap<>();
    env.put(Setting.PG_URL.variable(), newDatabaseUrl());
    env.put(Setting.KAFKA_BOOTSTRAP.variable(), kafkaBootstrap());
    env.put(Setting.EVENTS_TOPIC.variable(), id + ".events");
    env.put(Setting.DLQ_TOPIC.variable(), id + ".dlq");
    env.put(Setting.REWARDS_TOPIC.variable(), id + ".rewards");
    env.put(Setting.CONSUMER_GROUP.variable(), id + ".group");
    env.put(Setting.HTTP_PORT.variable(), "0");
    env.put(Setting.JWT_SECRET.variable(), JWT_SECRET);
    env.put(Setting.DEMO_DATA.variable(), "false");
    env.put(Setting.TOPIC_PARTITIONS.variable(), "3");
    // more than one api verticle, as on 4 cores or more (the default is half the cores): the shared random port and
    // each verticle's own caches and rewards reader stay tested on a 2-core machine too
    env.put(Setting.API_INSTANCES.variable(), "2");
    return GamificationConfig.fromEnvironment(env, false);
  }

  /** Where tests may keep files of their own (this JVM's run directory). */
  public Path directory() {
    return runDir;
  }

  private static TestStack start() throws IOException {
    Path base = Path.of(System.getProperty(TEST_DIR_PROPERTY, "target/test-stack")).toAbsolutePath().normalize();
    cleanDeadRuns(base);
    Path runDir = base.resolve(RUN_PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
    DirectoryLock runLock = DirectoryLock.acquire(runDir, "The test stack");
    // shared by the test JVMs: zonky unpacks the distribution once, under its own lock
    Path pgBinaries = base.resolve("pg-binaries");
    CompletableFuture<EmbeddedPostgres> postgres = CompletableFuture.supplyAsync(() -> {
      try {
        return EmbeddedPostgres.start(runDir.resolve("postgres"), Ports.free(), pgBinaries, false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    CompletableFuture<EmbeddedKafka> kafka = CompletableFuture.supplyAsync(() -> {
      try {
        EmbeddedKafka broker = EmbeddedKafka.open(runDir.resolve("kafka"), 0);
        broker.start();
        return broker;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      return new TestStack(runDir, runLock, postgres.join(), kafka.join());
    } catch (CompletionException e) {
      postgres.thenAccept(TestStack::closeQuietly);
      kafka.thenAccept(TestStack::closeQuietly);
      runLock.close();
      throw new IOException("the test stack did not start (logs under " + runDir + ")", e.getCause());
    }
  }

  /**
   * Removes run directories whose JVM is gone, stopping servers they left running. Best effort, and safe
   * when several JVMs clean at once: a directory is first renamed away, which only one of them can do.
   */
  private static void cleanDeadRuns(Path base) throws IOException {
    if (!Files.isDirectory(base)) {
      return;
    }
    List<Path> runs;
    try (Stream<Path> children = Files.list(base)) {
      runs = children.filter(path -> path.getFileName().toString().startsWith(RUN_PREFIX)).toList();
    }
    for (Path run : runs) {
      Optional<DirectoryLock> lock;
      try {
        lock = DirectoryLock.tryAcquire(run);
      } catch (IOException e) {
        continue; // being removed by another JVM
      }
      if (lock.isEmpty()) {
        continue;
      }
      Path dead = base.resolve("dead-" + UUID.randomUUID());
      try (DirectoryLock held = lock.get()) {
        Path data = run.resolve("postgres").resolve("data");
        LeftoverProcess.stop(data.resolve("postmaster.pid"), data.toString(), Duration.ofSeconds(10));
        LeftoverProcess.stop(run.resolve("kafka").resolve("broker.pid"),
          run.resolve("kafka").resolve("server.properties").toString(), Duration.ofSeconds(10));
        Files.move(run, dead);
      } catch (IOException e) {
        continue; // another JVM got there first
      }
      deleteQuietly(dead);
    }
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("test stack: could not remove " + root + ": " + e);
    }
  }

  private void stop() {
    closeQuietly(kafka);
    closeQuietly(postgres);
    closeQuietly(runLock);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      System.err.println("test stack: could not stop " + closeable + ": " + e);
    }
  }
}
