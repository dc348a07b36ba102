package com.gigsy.gamification.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchGcLogTest {

  private static final List<String> LOG = List.of(
    "[1000ms] Using G1",
    "[1500ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 6M->3M(64M) 12.042ms",
    "[2500ms] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 7M->3M(64M) 8.5ms",
    "[2600ms] GC(1) Concurrent Mark Cycle 40.100ms",
    "[2700ms] GC(1) Pause Remark 20M->20M(64M) 1.25ms",
    "[3500ms] GC(2) Pause Full (System.gc()) 7M->2M(17M) 30ms");

  @Test
  void countsThePausesThatEndedInTheWindowAndNotTheConcurrentPhases() {
    BenchGcLog.Pauses pauses = BenchGcLog.between(LOG, 2000, 3000);
    assertEquals(2, pauses.count());
    assertEquals(8.5, pauses.longestMs(), 1e-9);
    assertEquals(9.75, pauses.totalMs(), 1e-9);
  }

  @Test
  void theWindowsBoundsAreIncluded() {
    BenchGcLog.Pauses pauses = BenchGcLog.between(LOG, 1500, 3500);
    assertEquals(4, pauses.count());
    assertEquals(30, pauses.longestMs(), 1e-9);
  }

  @Test
  void aMissingLogHasNoPauses() {
    assertEquals(new BenchGcLog.Pauses(0, 0, 0), BenchGcLog.between(Path.of("no-such-gc-log.txt"), 0, Long.MAX_VALUE));
  }

  @Test
  void theOptionStampsEachLineWithTheTimeOfDayInMilliseconds() {
    assertEquals("-Xlog:gc:file=/tmp/s.gc.txt:timemillis", BenchGcLog.option(Path.of("/tmp/s.gc.txt")));
  }
}
