package com.gigsy.gamification.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A single-node KRaft Kafka broker for dev mode and tests, run as its own JVM from the jars in the
 * directory named by the system property {@value #LIB_PROPERTY} (modules/kafka-broker/target/lib), so the
 * broker's Kafka and Scala versions never meet the service's classpath. Its data survives restarts.
 * Layout of its state directory:
 * <pre>
 *   data/              the log directory, formatted once with the cluster id
 *   cluster.id         the cluster id the storage was formatted with
 *   broker.port        the client port, when it was chosen rather than given
 *   controller.port    the KRaft controller port, chosen once
 *   server.properties  the broker configuration, rewritten at each start
 *   broker.pid         the pid of the running broker
 *   broker.log         the broker's output (broker.log.1: the previous run's)
 * </pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** The system property naming the directory of the broker's jars. */
  public static final String LIB_PROPERTY = "gamification.kafka.lib";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String HOST = "127.0.0.1";
  private static final String MAIN_CLASS = "kafka.Kafka";
  private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
  /**
   * The system property of the broker JVM's options (space-separated) in place of {@link #QUICK_START_OPTIONS}: the
   * benchmark sets it from BENCH_KAFKA_JAVA_OPTS (see bench/run.sh).
   */
  public static final String JVM_PROPERTY = "gamification.kafka.jvm";
  /**
   * The broker JVM's options by default, for tests, dev mode and the benchmark: a quick start in little memory. The
   * serial collector can stop the broker for hundreds of milliseconds once its small heap is full (a full collection of
   * 226 ms in one benchmark's freshness stream); Kafka's own options (G1, C2) cost it 40-100 % more CPU per event on
   * two cores and measured worse in the benchmark's full-size runs.
   */
  static final List<String> QUICK_START_OPTIONS = List.of(
    "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");
  private static final List<String> LOG_OPTIONS = List.of(
    "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration POLL_PAUSE = Duration.ofMillis(200);

  private final Path dir;
  private final Path lib;
  private final int requestedPort;
  private final DirectoryLock lock;
  private Process process;
  private int brokerPort;

  private EmbeddedKafka(Path dir, Path lib, int requestedPort, DirectoryLock lock) {
    this.dir = dir;
    this.lib = lib;
    this.requestedPort = requestedPort;
    this.lock = lock;
  }

  /**
   * Takes ownership of {@code directory} for a broker listening on {@code brokerPort} (0: a free port,
   * chosen once and kept in the directory). Nothing runs until {@link #start()}.
   */
  public static EmbeddedKafka open(Path directory, int brokerPort) throws IOException {
    Path lib = brokerLibrary();
    Path dir = directory.toAbsolutePath().normalize();
    return new EmbeddedKafka(dir, lib, brokerPort, DirectoryLock.acquire(dir, "The embedded Kafka broker"));
  }

  /** The broker JVM's options: {@code property}'s (space-separated) when it holds any, else {@link #QUICK_START_OPTIONS}. */
  public static List<String> jvmOptions(String property) {
    if (property == null || property.isBlank()) {
      return QUICK_START_OPTIONS;
    }
    return List.of(property.trim().split("\\s+"));
  }

  /** The directory of the broker's jars, checked. */
  static Path brokerLibrary() {
    String property = System.getProperty(LIB_PROPERTY);
    if (property == null || property.isBlank()) {
      throw new IllegalStateException("system property " + LIB_PROPERTY
        + " is not set: it names the directory of the Kafka broker jars (modules/kafka-broker/target/lib)");
    }
    Path lib = Path.of(property).toAbsolutePath().normalize();
    try (Stream<Path> jars = Files.list(lib)) {
      if (jars.noneMatch(jar -> jar.getFileName().toString().startsWith("kafka_"))) {
        throw new IllegalStateException("no Kafka broker jars in " + lib + "; build them with mvn -B -q -DskipTests package");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the Kafka broker jars in " + lib
        + "; build them with mvn -B -q -DskipTests package", e);
    }
    return lib;
  }

  /**
   * Starts the broker and returns once it answers: formats the storage on first use, stops a broker left
   * running on the directory by a killed owner, and fails naming the log file when the broker does not come
   * up. Blocking.
   */
  public synchronized void start() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException("the broker in " + dir + " is already running");
    }
    Path properties = dir.resolve("server.properties");
    LeftoverProcess.stop(pidFile(), properties.toString(), STOP_GRACE);
    brokerPort = requestedPort != 0 ? requestedPort : Ports.persisted(dir.resolve("broker.port"));
    if (!Ports.isFree(brokerPort)) {
      throw new IllegalStateException("port " + brokerPort + " is taken: is another Kafka running? Stop it, or set "
        + "GAMIFICATION_KAFKA_BOOTSTRAP to use it instead of an embedded broker");
    }
    int controllerPort = Ports.persisted(dir.resolve("controller.port"));
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(properties, serverProperties(controllerPort));
    rotateLog();
    formatOnce(properties);
    long started = System.nanoTime();
    process = launch(MAIN_CLASS, properties.toString());
    StateFiles.writeAtomically(pidFile(), Long.toString(process.pid()));
    try {
      awaitReady();
    } catch (IOException | RuntimeException e) {
      kill();
      throw e;
    }
    LOG.info("Embedded Kafka broker on {} (pid {}) ready in {} ms, data in {}", bootstrapServers(), process.pid(),
      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dir.resolve("data"));
  }

  /** Stops the broker: SIGTERM (a clean shutdown), then SIGKILL after a grace period. Blocking. */
  public synchronized void stop() throws IOException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!LeftoverProcess.awaitExit(process.toHandle(), STOP_GRACE)) {
      LOG.warn("The Kafka broker did not stop within {} s; killing it", STOP_GRACE.toSeconds());
      process.destroyForcibly();
      LeftoverProcess.awaitExit(process.toHandle(), STOP_GRACE);
    }
    forget();
  }

  /** Kills the broker at once (SIGKILL), as a crash would. Blocking until it is gone. */
  public synchronized void kill() throws IOException {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    LeftoverProcess.awaitExit(process.toHandle(), STOP_GRACE);
    forget();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** {@code 127.0.0.1:port}; the port is known once the broker was started. */
  public synchronized String bootstrapServers() {
    if (brokerPort == 0) {
      throw new IllegalStateException("the broker in " + dir + " was never started");
    }
    return HOST + ":" + brokerPort;
  }

  public Path directory() {
    return dir;
  }

  public Path logFile() {
    return dir.resolve("broker.log");
  }

  /** Stops the broker and releases the directory. */
  @Override
  public synchronized void close() throws IOException {
    try {
      stop();
    } finally {
      lock.close();
    }
  }

  private void forget() throws IOException {
    process = null;
    Files.deleteIfExists(pidFile());
  }

  private Path pidFile() {
    return dir.resolve("broker.pid");
  }

  private String serverProperties(int controllerPort) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
    config.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("controller.listener.names", "CONTROLLER");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("log.dirs", dir.resolve("data").toString());
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "10");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("transaction.state.log.num.partitions", "10");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    // after a kill, the restarted broker waits out its previous registration's session: keep that short
    config.put("broker.heartbeat.interval.ms", "1000");
    config.put("broker.session.timeout.ms", "4000");
    return config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
      .collect(Collectors.joining("\n", "# written by EmbeddedKafka at each start\n", "\n"));
  }

  /** Formats the log directory on first use, with a cluster id kept in the state directory. */
  private void formatOnce(Path properties) throws IOException {
    if (Files.exists(dir.resolve("data").resolve("meta.properties"))) {
      return;
    }
    Path idFile = dir.resolve("cluster.id");
    String clusterId = StateFiles.read(idFile).orElse(null);
    if (clusterId == null) {
      clusterId = Uuid.randomUuid().toString();
      StateFiles.writeAtomically(idFile, clusterId);
    }
    Process format = launch(STORAGE_TOOL, "format", "--ignore-formatted", "-t", clusterId, "-c", properties.toString());
    try {
      if (!format.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        format.destroyForcibly();
        throw new IOException("formatting the Kafka storage did not finish within " + FORMAT_TIMEOUT.toSeconds()
          + " s; see " + logFile());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      format.destroyForcibly();
      throw new IOException("interrupted while formatting the Kafka storage", e);
    }
    if (format.exitValue() != 0) {
      throw new IOException("formatting the Kafka storage failed (exit " + format.exitValue() + "); see " + logFile());
    }
  }

  /**
   * Runs a class of the broker's jars in its own JVM, output appended to the log. The JVM gets its own
   * session (setsid) so that a Ctrl-C in the terminal reaches only the service, which stops it in order.
   */
  private Process launch(String mainClass, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    Path setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) {
      command.add(setsid.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions(System.getProperty(JVM_PROPERTY)));
    command.addAll(LOG_OPTIONS);
    command.add("-cp");
    command.add(classpath());
    command.add(mainClass);
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command)
      .directory(dir.toFile())
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
      .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
      .start();
  }

  private String classpath() throws IOException {
    try (Stream<Path> jars = Files.list(lib)) {
      return jars.filter(jar -> jar.getFileName().toString().endsWith(".jar"))
        .map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
    }
  }

  private void rotateLog() throws IOException {
    if (Files.exists(logFile())) {
      Files.move(logFile(), dir.resolve("broker.log.1"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Waits until the broker accepts connections and reports itself in the cluster metadata. */
  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!accepts()) {
      pauseWhileAlive(deadline);
    }
    Map<String, Object> adminConfig = Map.of(
      AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
      AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
      AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
      AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
    try (Admin admin = Admin.create(adminConfig)) {
      while (true) {
        try {
          if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000)).nodes()
            .get(4, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          LOG.debug("Kafka broker not ready yet: {}", e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the Kafka broker", e);
        }
        pauseWhileAlive(deadline);
      }
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), brokerPort), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Pauses briefly, failing when the broker died or the deadline passed. */
  private void pauseWhileAlive(long deadline) throws IOException {
    try {
      if (process.waitFor(POLL_PAUSE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("the Kafka broker exited during start-up (exit " + process.exitValue() + "); see "
          + logFile());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the Kafka broker", e);
    }
    if (System.nanoTime() > deadline) {
      throw new IOException("the Kafka broker was not ready within " + READY_TIMEOUT.toSeconds() + " s; see "
        + logFile());
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + dir + "]";
  }
}
