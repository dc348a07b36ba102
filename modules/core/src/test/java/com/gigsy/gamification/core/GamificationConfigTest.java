package com.gigsy.gamification.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GamificationConfigTest {

  private static GamificationConfig dev(Map<String, String> env) {
    return GamificationConfig.fromEnvironment(env, true);
  }

  @Test
  void inboxRetentionDefaultsToNinetyDaysAndIsBounded() {
    assertThat(dev(Map.of()).inboxRetention()).isEqualTo(Duration.ofDays(90));
    assertThat(dev(Map.of("GAMIFICATION_INBOX_RETENTION", "P1D")).inboxRetention()).isEqualTo(Duration.ofDays(1));
    for (String bad : new String[] {"PT23H", "P3651D", "90 days", "-P1D"}) {
      assertThatThrownBy(() -> dev(Map.of("GAMIFICATION_INBOX_RETENTION", bad)))
        .hasMessageContaining("GAMIFICATION_INBOX_RETENTION must be an ISO-8601 duration from P1D to P3650D");
    }
  }

  @Test
  void publicUrlDefaultsToOwnAddressAndDropsTrailingSlash() {
    assertThat(dev(Map.of("GAMIFICATION_HTTP_PORT", "8181")).publicUrl()).isEqualTo("http://127.0.0.1:8181");
    assertThat(dev(Map.of("GAMIFICATION_PUBLIC_URL", "https://gamification.gigsy.example/")).publicUrl())
      .isEqualTo("https://gamification.gigsy.example");
    for (String bad : new String[] {"gamification.gigsy.example", "ftp://x.example", "https://x.example/?a=1"}) {
      assertThatThrownBy(() -> dev(Map.of("GAMIFICATION_PUBLIC_URL", bad)))
        .hasMessageContaining("GAMIFICATION_PUBLIC_URL must be an absolute http(s) URL");
    }
  }

  @Test
  void apiInstancesDefaultToHalfTheCoresAndAreBounded() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(dev(Map.of()).apiInstances()).isEqualTo(Math.max(1, cores / 2))
      .isEqualTo(GamificationConfig.defaultApiInstances());
    assertThat(GamificationConfig.fromEnvironment(Map.of(), false).apiInstances()).isEqualTo(Math.max(1, cores / 2));
    assertThat(dev(Map.of("GAMIFICATION_API_INSTANCES", "3")).apiInstances()).isEqualTo(3);
    for (String bad : new String[] {"0", "65", "two"}) {
      assertThatThrownBy(() -> dev(Map.of("GAMIFICATION_API_INSTANCES", bad)))
        .hasMessageContaining("GAMIFICATION_API_INSTANCES must be an integer from 1 to 64");
    }
  }

  @Test
  void issuerDefaults() {
    GamificationConfig config = dev(Map.of());
    assertThat(config.issuerName()).isEqualTo("Gigsy");
    assertThat(config.issuerKey()).isNull();
  }
}
