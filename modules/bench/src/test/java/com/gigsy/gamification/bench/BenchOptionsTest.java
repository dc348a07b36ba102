package com.gigsy.gamification.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchOptionsTest {

  @Test
  void pgSettingsMayBeAModulesOrAList() {
    BenchRun.Options options = BenchRun.Options.parse(new String[] {"--pg", "shared_buffers=1GB",
      "--pg", "shared_preload_libraries=auto_explain,pg_stat_statements", "--pg", "auto_explain.sample_rate=0.01"});

    assertEquals(Map.of("shared_buffers", "1GB", "shared_preload_libraries", "auto_explain,pg_stat_statements",
      "auto_explain.sample_rate", "0.01"), options.pgSettings);
  }

  @Test
  void theFreshnessWarmUpIs15SecondsOr2WithQuickAndMayBeSetButNotNegative() {
    assertEquals(15, BenchRun.Options.parse(new String[0]).freshnessWarmUpSeconds);
    assertEquals(2, BenchRun.Options.parse(new String[] {"--quick"}).freshnessWarmUpSeconds);
    assertEquals(0, BenchRun.Options.parse(new String[] {"--quick", "--freshness-warm-up", "0"}).freshnessWarmUpSeconds);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
      () -> BenchRun.Options.parse(new String[] {"--freshness-warm-up", "-1"}));
    assertEquals("--freshness-warm-up needs seconds, 0 or more", refused.getMessage());
    assertEquals("sizes must be positive", assertThrows(IllegalArgumentException.class,
      () -> BenchRun.Options.parse(new String[] {"--freshness-seconds", "0"})).getMessage());
  }

  @Test
  void aPgSettingThatIsNotNameEqualsValueIsRefused() {
    for (String setting : new String[] {"shared_buffers", "shared_buffers=1 GB", "a.b.c=1", "Work_mem=4MB", "x=;drop"}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> BenchRun.Options.parse(new String[] {"--pg", setting}), setting);
      assertTrue(refused.getMessage().startsWith("--pg: NAME=VALUE"), refused.getMessage());
    }
  }
}
