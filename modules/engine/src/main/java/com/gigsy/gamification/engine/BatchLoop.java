package com.gigsy.gamification.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Optional;
import java.util.function.Function;

/**
 * Runs a job's batches one after the other, each from the cursor the one before it reached.
 *
 * <p>Not {@code step(cursor).compose(next -> run(next))}: each batch would nest the job's future one level deeper
 * (the future {@code compose} returns completes when the one its function returned does), and the last batch would
 * complete them all at once, one inside the other, on the event loop's stack. A backfill of a million events (2,000
 * batches) overflowed it there: the StackOverflowError broke the chain, the job's future never completed, and
 * {@link JobsVerticle#stop()}, which waits for it, never did either — SIGTERM could not stop the service. Here the
 * job's future is one promise, completed once, and each batch starts from the completion of the one before: the
 * stack unwinds after every batch.
 */
final class BatchLoop {

  private BatchLoop() {
  }

  /**
   * Runs {@code step} from {@code first}, then from each cursor it yields, until it yields none (the job is done).
   * Fails as soon as a step fails; the steps after it do not run.
   */
  static <C> Future<Void> run(C first, Function<C, Future<Optional<C>>> step) {
    Promise<Void> done = Promise.promise();
    runFrom(first, step, done);
    return done.future();
  }

  private static <C> void runFrom(C first, Function<C, Future<Optional<C>>> step, Promise<Void> done) {
    C cursor = first;
    // a loop, not a call per batch, for steps already complete when they return (a stopping job's): no stack grows
    while (true) {
      Future<Optional<C>> batch;
      try {
        batch = step.apply(cursor);
      } catch (RuntimeException e) {
        done.fail(e);
        return;
      }
      if (!batch.isComplete()) {
        batch.onComplete(next -> next.ifPresentOrElse(c -> runFrom(c, step, done), done::complete), done::fail);
        return;
      }
      if (batch.failed()) {
        done.fail(batch.cause());
        return;
      }
      if (batch.result().isEmpty()) {
        done.complete();
        return;
      }
      cursor = batch.result().get();
    }
  }
}
