package com.gigsy.gamification.runtime;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ServiceVertxTest {

  @Test
  @DisplayName("On Linux x86-64 the service's sockets run on the native transport (epoll), whose library it ships")
  void nativeTransportOnLinux() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
      && System.getProperty("os.arch").matches("amd64|x86_64"), "only Linux x86-64 has the shipped library");
    Vertx vertx = ServiceVertx.create();
    try {
      assertThat(vertx.isNativeTransportEnabled())
        .as("native transport (unavailable because: %s)", vertx.unavailableNativeTransportCause())
        .isTrue();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
