package com.gigsy.gamification.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * Where a run's CPU goes (issue 15): the CPU time each process spent, read from Linux's {@code /proc} before and
 * after a run and divided by its events. On a machine whose cores the service, the broker, PostgreSQL and the
 * benchmark's own clients share, the rate of a run is bounded by the sum, so these figures name the bound.
 * A tree counts a process with its descendants and the children it reaped (PostgreSQL's backends, which come and
 * go); the benchmark counts its own JVM only, since the service and the test stack are its children.
 */
final class BenchCpu {

  /**
   * A process to account for, by name; with or without its descendants; with {@code compilers}, a JVM whose JIT
   * compiler threads' share is reported too.
   */
  record Tree(String name, long pid, boolean descendants, boolean compilers) {
    Tree(String name, long pid, boolean descendants) {
      this(name, pid, descendants, false);
    }
  }

  /**
   * CPU seconds at one moment: of each tree (NaN when its process is not running), busy seconds of the machine, and
   * of each JIT compiler thread (by thread id) of the trees that report them.
   */
  record Sample(Map<String, Double> trees, double machine, Map<String, Map<Long, Double>> compilers) {
    Sample(Map<String, Double> trees, double machine) {
      this(trees, machine, Map.of());
    }
  }

  /** One process as {@code /proc/<pid>/stat} tells it: its parent, its own CPU ticks and those of the children it reaped. */
  record Stat(long pid, long parent, long ownTicks, long reapedTicks) {
  }

  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private BenchCpu() {
  }

  /** Whether the figures can be read here (Linux). */
  static boolean available() {
    return Files.isReadable(Path.of("/proc/stat"));
  }

  static Sample sample(List<Tree> trees) {
    Map<Long, Stat> stats = processes();
    Map<Long, List<Long>> children = new HashMap<>();
    stats.values().forEach(s -> children.computeIfAbsent(s.parent(), p -> new ArrayList<>()).add(s.pid()));
    Map<String, Double> seconds = new LinkedHashMap<>();
    Map<String, Map<Long, Double>> compilers = new LinkedHashMap<>();
    for (Tree tree : trees) {
      long ticks = ticks(tree, stats, children);
      seconds.put(tree.name(), ticks < 0 ? Double.NaN : ticks / (double) TICKS_PER_SECOND);
      if (tree.compilers() && ticks >= 0) {
        compilers.put(tree.name(), compilerThreads(tree.pid()));
      }
    }
    return new Sample(seconds, machineTicks() / (double) TICKS_PER_SECOND, compilers);
  }

  /**
   * CPU seconds of each JIT compiler thread of a JVM ({@code C1 CompilerThre...}, {@code C2 CompilerThre...}, as
   * Linux shortens their names), by thread id.
   */
  private static Map<Long, Double> compilerThreads(long pid) {
    Map<Long, Double> seconds = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String line = Files.readString(task.resolve("stat"));
          if (isCompiler(line)) {
            Stat stat = parse(line);
            seconds.put(stat.pid(), stat.ownTicks() / (double) TICKS_PER_SECOND);
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // the process ended meanwhile: no threads
    }
    return seconds;
  }

  /** Whether a {@code /proc/<pid>/task/<tid>/stat} line is a HotSpot JIT compiler thread's. */
  static boolean isCompiler(String statLine) {
    int open = statLine.indexOf('(');
    String name = statLine.substring(open + 1, statLine.lastIndexOf(')'));
    return name.matches("C[12] CompilerThre.*");
  }

  /**
   * Microseconds of CPU per event between two samples, for each tree running at both, then the rest of the machine
   * and the machine in all, e.g. {@code service 31, PostgreSQL 104, others 6; machine 141}.
   */
  static String perEvent(Sample before, Sample after, long events) {
    StringJoiner text = new StringJoiner(", ");
    double accounted = 0;
    for (Map.Entry<String, Double> tree : after.trees().entrySet()) {
      double spent = tree.getValue() - before.trees().getOrDefault(tree.getKey(), Double.NaN);
      if (Double.isNaN(spent)) {
        continue;   // not running at one end of the run (the service, during the raw section)
      }
      accounted += spent;
      text.add(String.format(Locale.ROOT, "%s %.0f", tree.getKey(), 1e6 * spent / events)
        + compilersPerEvent(before.compilers().get(tree.getKey()), after.compilers().get(tree.getKey()), events));
    }
    double machine = after.machine() - before.machine();
    text.add(String.format(Locale.ROOT, "others %.0f", 1e6 * Math.max(0, machine - accounted) / events));
    return text + String.format(Locale.ROOT, "; machine %.0f", 1e6 * machine / events);
  }

  /**
   * " (of which JIT compilers N)": the CPU of the compiler threads running at both samples (a thread started or ended
   * between them is left out), or nothing when the tree does not report them.
   */
  private static String compilersPerEvent(Map<Long, Double> before, Map<Long, Double> after, long events) {
    if (before == null || after == null) {
      return "";
    }
    double spent = 0;
    for (Map.Entry<Long, Double> thread : after.entrySet()) {
      Double start = before.get(thread.getKey());
      if (start != null) {
        spent += thread.getValue() - start;
      }
    }
    return String.format(Locale.ROOT, " (of which JIT compilers %.0f)", 1e6 * spent / events);
  }

  /**
   * Parses a {@code /proc/<pid>/stat} line. The command, in parentheses, may hold spaces and parentheses, so the
   * fields are counted from the last closing one: then state, ppid, ..., utime (14th field), stime, cutime, cstime.
   */
  static Stat parse(String line) {
    int close = line.lastIndexOf(')');
    long pid = Long.parseLong(line.substring(0, line.indexOf(' ')).trim());
    String[] fields = line.substring(close + 2).trim().split(" ");
    long parent = Long.parseLong(fields[1]);
    long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    long reaped = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    return new Stat(pid, parent, own, reaped);
  }

  /** CPU ticks of a tree; -1 when its process is gone. */
  private static long ticks(Tree tree, Map<Long, Stat> stats, Map<Long, List<Long>> children) {
    Stat root = stats.get(tree.pid());
    if (root == null) {
      return -1;
    }
    if (!tree.descendants()) {
      return root.ownTicks();
    }
    long total = 0;
    Deque<Long> pending = new ArrayDeque<>(List.of(tree.pid()));
    while (!pending.isEmpty()) {
      Stat stat = stats.get(pending.pop());
      if (stat != null) {
        total += stat.ownTicks() + stat.reapedTicks();
        pending.addAll(children.getOrDefault(stat.pid(), List.of()));
      }
    }
    return total;
  }

  private static Map<Long, Stat> processes() {
    Map<Long, Stat> stats = new HashMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc"),
      p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path process : dir) {
        try {
          Stat stat = parse(Files.readString(process.resolve("stat")));
          stats.put(stat.pid(), stat);
        } catch (IOException | RuntimeException e) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc", e);
    }
    return stats;
  }

  /** Busy ticks of every CPU since boot: user, nice, system, irq, softirq and steal of {@code /proc/stat}'s first line. */
  private static long machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
        + Long.parseLong(f[7]) + Long.parseLong(f[8]);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/stat", e);
    }
  }

  /** The kernel's clock ticks per second ({@code getconf CLK_TCK}); 100, Linux's value on every common platform, if unknown. */
  private static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      return getconf.waitFor(10, TimeUnit.SECONDS) && getconf.exitValue() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
