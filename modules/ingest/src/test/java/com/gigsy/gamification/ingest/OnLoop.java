package com.gigsy.gamification.ingest;

import io.vertx.core.Context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** For tests of the ingest verticle's parts, which run on its event loop: a call made there, from a test thread. */
final class OnLoop {

  private OnLoop() {
  }

  /** Runs {@code action} on {@code context} and waits (at most 5 s) for its result; its exception is rethrown. */
  static <T> T call(Context context, Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(action.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    try {
      return result.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
