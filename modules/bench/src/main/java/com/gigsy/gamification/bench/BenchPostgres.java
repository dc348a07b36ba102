package com.gigsy.gamification.bench;

import com.gigsy.gamification.embedded.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A PostgreSQL server of the benchmark's own, from the same Maven-provided binaries as the test stack's,
 * but with PostgreSQL's durable defaults: zonky's embedded server (the test stack's, and dev mode's) starts
 * with {@code -F} (fsync off) and {@code synchronous_commit=off}; a later {@code -c} overrides both. So the
 * benchmark measures what a commit means in production, as the issue asks ("durability as shipped").
 */
final class BenchPostgres implements AutoCloseable {

  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
  private final Path dataDirectory;

  private BenchPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory) {
    this.server = server;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts a fresh cluster in {@code directory}, sharing {@code binaries} (zonky unpacks once, under its lock);
   * {@code settings} come last, so they win.
   */
  static BenchPostgres start(Path directory, Path binaries, String fsync, String synchronousCommit,
                             Map<String, String> settings) throws IOException {
    Files.createDirectories(directory);
    Path log = directory.resolve("postgres.log");
    Path data = directory.resolve("data");
    System.setProperty("ot.epg.working-dir", binaries.toAbsolutePath().toString());
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
      .setOverrideWorkingDirectory(binaries.toFile())
      .setDataDirectory(data)
      .setCleanDataDirectory(true)
      .setRegisterShutdownHook(true)
      .setPort(Ports.free())
      .setServerConfig("fsync", fsync)
      .setServerConfig("synchronous_commit", synchronousCommit)
      .setServerConfig("max_connections", "100")
      // each checkpoint's buffers, write and sync times in postgres.log (PostgreSQL 15's default, not 14's): where a
      // stall of the engine's commits can be looked for
      .setServerConfig("log_checkpoints", "on")
      .setPGStartupWait(Duration.ofSeconds(60))
      .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
      .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
    settings.forEach(builder::setServerConfig);
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres server = builder.start();
    return new BenchPostgres(server, data);
  }

  /** A new empty database; its URL (the superuser, trusted on loopback: a throw-away cluster). */
  String newDatabaseUrl() {
    String name = "bench_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = server.getPostgresDatabase().getConnection();
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create a database on the benchmark's PostgreSQL", e);
    }
    return "postgresql://postgres@127.0.0.1:" + server.getPort() + "/" + name;
  }

  /** The cluster's data directory (its {@code postmaster.pid} names the server). */
  Path dataDirectory() {
    return dataDirectory;
  }

  String url() {
    return "postgresql://postgres@127.0.0.1:" + server.getPort() + "/postgres";
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
