package com.gigsy.gamification.engine;

import io.vertx.core.Future;

import java.util.Optional;
import java.util.function.Function;

/** Runs a job's batches one after the other, each from the cursor the one before it reached. */
final class BatchLoop {

  private BatchLoop() {
  }

  /**
   * Runs {@code step} from {@code first}, then from each cursor it yields, until it yields none (the job is done).
   * Fails as soon as a step fails; the steps after it do not run.
   */
  static <C> Future<Void> run(C first, Function<C, Future<Optional<C>>> step) {
    return step.apply(first).compose(next -> next.isPresent() ? run(next.get(), step) : Future.succeededFuture());
  }
}
