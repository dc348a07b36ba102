package com.gigsy.gamification.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCpuTest {

  @Test
  void statFieldsAreCountedFromTheLastParenthesis() {
    // utime 14th field, stime 15th, cutime 16th, cstime 17th; a command may hold spaces and parentheses
    BenchCpu.Stat stat = BenchCpu.parse("4242 (postgres: a (b) c) S 17 4242 4242 0 -1 4194560 900 0 0 0 "
      + "120 30 7 3 20 0 1 0 5000 100000 200 18446744073709551615");
    assertEquals(new BenchCpu.Stat(4242, 17, 150, 10), stat);
  }

  @Test
  void perEventDividesEachTreeAndNamesTheRest() {
    BenchCpu.Sample before = new BenchCpu.Sample(Map.of("service", 10.0), 100.0);
    BenchCpu.Sample after = new BenchCpu.Sample(Map.of("service", 13.0), 110.0);
    assertEquals("service 30, others 70; machine 100", BenchCpu.perEvent(before, after, 100_000));
  }

  @Test
  void aProcessNotRunningAtBothEndsIsLeftOut() {
    BenchCpu.Sample before = new BenchCpu.Sample(Map.of("service", Double.NaN, "broker", 1.0), 5.0);
    BenchCpu.Sample after = new BenchCpu.Sample(Map.of("service", Double.NaN, "broker", 1.2), 6.0);
    assertEquals("broker 2, others 8; machine 10", BenchCpu.perEvent(before, after, 100_000));
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aTreeCountsTheChildrenItReaped() throws Exception {
    // the shell's child counts to a million (about a second of CPU here, whatever the load) and is reaped; then the
    // shell says so and only waits
    Process shell = new ProcessBuilder("sh", "-c",
      "sh -c 'i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); done'; echo reaped; sleep 60").start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("reaped", out.readLine());
      BenchCpu.Sample sample = BenchCpu.sample(List.of(new BenchCpu.Tree("tree", shell.pid(), true),
        new BenchCpu.Tree("own", shell.pid(), false)));
      assertTrue(sample.trees().get("tree") >= 0.3, "the tree's CPU seconds: " + sample.trees());
      assertTrue(sample.trees().get("own") < 0.1, "the shell's own CPU seconds: " + sample.trees());
      assertTrue(sample.machine() > sample.trees().get("tree"), "the machine's busy seconds since boot: " + sample);
    } finally {
      shell.destroyForcibly();
    }
  }
  @Test
  void theJitCompilersOfATreeAreCountedForTheThreadsRunningAtBothSamples() {
    BenchCpu.Sample before = new BenchCpu.Sample(Map.of("service", 10.0), 100.0,
      Map.of("service", Map.of(1L, 2.0, 2L, 1.0)));
    // thread 2 ended, thread 3 started: neither counts
    BenchCpu.Sample after = new BenchCpu.Sample(Map.of("service", 13.0), 110.0,
      Map.of("service", Map.of(1L, 3.5, 3L, 0.5)));
    assertEquals("service 30 (of which JIT compilers 15), others 70; machine 100",
      BenchCpu.perEvent(before, after, 100_000));
  }

  @Test
  void compilerThreadsAreKnownByTheirNames() {
    assertTrue(BenchCpu.isCompiler("4301 (C2 CompilerThre) S 4242 4242 4242 0 -1 0 0 0 0 0 120 30 0 0"));
    assertTrue(BenchCpu.isCompiler("4302 (C1 CompilerThre) S 4242 4242 4242 0 -1 0 0 0 0 0 12 3 0 0"));
    assertFalse(BenchCpu.isCompiler("4303 (vert.x-eventloo) S 4242 4242 4242 0 -1 0 0 0 0 0 500 40 0 0"));
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aJvmsCompilerThreadsAreRead() {
    BenchCpu.Sample sample = BenchCpu.sample(List.of(new BenchCpu.Tree("this JVM", ProcessHandle.current().pid(), false,
      true)));
    assertFalse(sample.compilers().get("this JVM").isEmpty(), "this JVM's compiler threads: " + sample.compilers());
  }
}
