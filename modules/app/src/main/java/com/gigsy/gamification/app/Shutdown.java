package com.gigsy.gamification.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Stops what a command started, newest first, on SIGTERM/SIGINT (a JVM shutdown hook) or when start-up
 * fails. Installed before anything starts, so a signal during start-up still stops what is up so far;
 * something registered after the shutdown began is stopped at once.
 */
final class Shutdown {

  /** One step of the shutdown. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  private record Named(String name, Step step) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  private final Deque<Named> steps = new ArrayDeque<>();
  private final Thread hook;
  private boolean done;

  private Shutdown(boolean exitZeroOnSignal) {
    this.hook = new Thread(() -> {
      boolean anything;
      synchronized (this) {
        anything = !steps.isEmpty();
      }
      if (anything) {
        LOG.info("Shutting down");
      }
      runAll();
      if (anything) {
        LOG.info("Stopped");
      }
      if (exitZeroOnSignal) {
        // a stop requested by SIGTERM/SIGINT that completed is a normal end, not the JVM's 128+signal
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
      }
    }, "gamification-shutdown");
  }

  /** A shutdown that runs on SIGTERM/SIGINT, after which the process exits with status 0. */
  static Shutdown onSignal() {
    Shutdown shutdown = new Shutdown(true);
    Runtime.getRuntime().addShutdownHook(shutdown.hook);
    return shutdown;
  }

  /** Registers a step; runs it at once when the shutdown has already begun. */
  void add(String name, Step step) {
    synchronized (this) {
      if (!done) {
        steps.push(new Named(name, step));
        return;
      }
    }
    run(new Named(name, step));
  }

  /** Runs the steps now, for a failed start-up, and removes the hook. */
  void now() {
    runAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook has nothing left to do
    }
  }

  private void runAll() {
    while (true) {
      Named next;
      synchronized (this) {
        done = true;
        next = steps.poll();
      }
      if (next == null) {
        return;
      }
      run(next);
    }
  }

  private static void run(Named named) {
    try {
      named.step().run();
    } catch (Exception e) {
      LOG.warn("Stopping {} failed: {}", named.name(), e.toString());
    }
  }
}
