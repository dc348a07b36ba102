package com.gigsy.gamification.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a server process that a killed owner left running on a state directory. The pid comes from a
 * file the server (or we) wrote; the process is only touched when its command line still names
 * {@code marker}, so a recycled pid of an unrelated process is left alone.
 */
public final class LeftoverProcess {

  private static final Logger LOG = LoggerFactory.getLogger(LeftoverProcess.class);
  private static final Duration FORCED_GRACE = Duration.ofSeconds(10);

  private LeftoverProcess() {
  }

  /** Reads the pid on the first line of {@code pidFile}; empty when there is none. */
  public static Optional<Long> pidFrom(Path pidFile) throws IOException {
    return StateFiles.read(pidFile).map(text -> text.lines().findFirst().orElse("").trim()).flatMap(line -> {
      try {
        return Optional.of(Long.parseLong(line));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  /**
   * Stops the process named in {@code pidFile} if it is alive and looks like {@code marker}: SIGTERM,
   * then SIGKILL after {@code grace}. Returns once it is gone.
   */
  public static void stop(Path pidFile, String marker, Duration grace) throws IOException {
    Optional<ProcessHandle> found = pidFrom(pidFile).flatMap(ProcessHandle::of)
      .filter(ProcessHandle::isAlive)
      .filter(handle -> handle.info().commandLine().map(line -> line.contains(marker)).orElse(false));
    if (found.isEmpty()) {
      return;
    }
    ProcessHandle process = found.get();
    LOG.warn("Stopping process {} left running on {} by an earlier run that did not shut down", process.pid(),
      pidFile.getParent());
    process.destroy();
    if (!awaitExit(process, grace)) {
      process.destroyForcibly();
      if (!awaitExit(process, FORCED_GRACE)) {
        throw new IOException("process " + process.pid() + " left running on " + pidFile.getParent()
          + " does not stop; stop it by hand");
      }
    }
  }

  /** Waits up to {@code timeout} for {@code process} to exit; whether it did. */
  public static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
