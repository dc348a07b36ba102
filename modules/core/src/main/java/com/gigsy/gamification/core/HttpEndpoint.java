package com.gigsy.gamification.core;

/** A verticle that serves HTTP: the launcher reports the port it listens on. */
public interface HttpEndpoint {

  /**
   * Deployment configuration key: the port to listen on instead of {@code GAMIFICATION_HTTP_PORT}. Instances of
   * one deployment share their port, each serving the connections it accepts; a random port ({@code 0}) is
   * shared only when named by a negative number (Vert.x gives the instances that listen on one negative
   * number one random port), so the launcher sets one per deployment when several instances listen on port 0.
   */
  String SHARED_PORT = "sharedHttpPort";

  /** As {@link #SHARED_PORT}, for the management port ({@code GAMIFICATION_MANAGEMENT_PORT}). */
  String SHARED_MANAGEMENT_PORT = "sharedManagementPort";

  /** The port the HTTP server listens on (the actual one when configured as 0); -1 before it listens. */
  int actualPort();

  /** The port of health and metrics when they are served apart (the actual one when configured as 0), else -1. */
  default int actualManagementPort() {
    return -1;
  }
}
