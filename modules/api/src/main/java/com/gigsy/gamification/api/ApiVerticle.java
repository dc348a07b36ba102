package com.gigsy.gamification.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Placeholder: replaced by the real verticle. */
public class ApiVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }

  /** The port the HTTP server listens on (useful when configured with port 0). */
  public int actualPort() {
    return -1;
  }
}
