package com.gigsy.gamification.app;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service as a real process: {@code Main run} in a child JVM on the test classpath, configured through
 * its environment, output to a log file. It can be killed (SIGKILL) or terminated (SIGTERM) like in production.
 */
final class ServiceProcess implements AutoCloseable {

  static final String STARTED = "Gamification service started";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern LISTENING = Pattern.compile("API listening on http://[^:/]+:(\\d+)/graphql");

  private final Process process;
  private final Path log;

  private ServiceProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code run} with every setting of {@code config} and waits until it reports it started. */
  static ServiceProcess start(GamificationConfig config, Path log) {
    ProcessBuilder builder = new ProcessBuilder(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run")
      .redirectErrorStream(true)
      .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("GAMIFICATION_"));
    for (Setting setting : Setting.values()) {
      if (config.get(setting) != null) {
        builder.environment().put(setting.variable(), config.get(setting));
      }
    }
    ServiceProcess service;
    try {
      service = new ServiceProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    service.awaitLog(STARTED, START_TIMEOUT);
    return service;
  }

  /** Waits until the log contains {@code text}; fails when the process exits first or the bound passes. */
  void awaitLog(String text, Duration timeout) {
    Await.until("the service logs '" + text + "'", timeout, () -> {
      if (log().contains(text)) {
        return true;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the service exited with " + process.exitValue() + ":\n" + log());
      }
      return false;
    });
  }

  /** The port the API listens on, as the service logged it once started (HTTP port 0: one the system chose). */
  int httpPort() {
    Matcher listening = LISTENING.matcher(log());
    if (!listening.find()) {
      throw new AssertionError("the service did not log where the API listens:\n" + log());
    }
    return Integer.parseInt(listening.group(1));
  }

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, as a crash: nothing is stopped cleanly. Returns once the process is gone. */
  void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM; returns the exit status, failing when the process does not exit within {@code bound}. */
  int terminate(Duration bound) {
    process.destroy();
    return awaitExit(bound);
  }

  private int awaitExit(Duration bound) {
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the service did not exit within " + bound + ":\n" + log());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
