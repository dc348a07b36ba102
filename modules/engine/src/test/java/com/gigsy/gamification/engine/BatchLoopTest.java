package com.gigsy.gamification.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The loop of a job's batches on its own, without PostgreSQL: however many batches a job has, its future completes
 * once the last one is done (JobsVerticle.stop() waits for it). A backfill of a million events, 2,000 batches, once
 * left it incomplete: the batches' futures were nested one in the other and their completion overflowed the stack.
 */
class BatchLoopTest {

  /** Far more batches than any stack holds nested futures for. */
  private static final int BATCHES = 100_000;

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a job of 100,000 batches, each answered later on the event loop as PostgreSQL answers, completes "
    + "once, after every batch ran in order")
  void manyBatchesComplete() throws Exception {
    List<Integer> cursors = new ArrayList<>();
    Future<Void> done = onLoop(() -> BatchLoop.run(0, cursor -> {
      cursors.add(cursor);
      Promise<Optional<Integer>> answer = Promise.promise();
      vertx.runOnContext(v -> answer.complete(cursor + 1 < BATCHES ? Optional.of(cursor + 1) : Optional.empty()));
      return answer.future();
    }));

    try {
      done.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the job's future never completed (" + cursors.size() + " batches ran)", e);
    }
    assertThat(onLoop(cursors::size)).isEqualTo(BATCHES);
    assertThat(onLoop(() -> cursors.get(BATCHES - 1))).isEqualTo(BATCHES - 1);
  }

  @Test
  @DisplayName("batches complete when their step returns (a stopping job's) loop without growing the stack either")
  void batchesCompleteAtOnce() throws Exception {
    Future<Void> done = onLoop(() -> BatchLoop.run(0,
      cursor -> Future.succeededFuture(cursor + 1 < BATCHES ? Optional.of(cursor + 1) : Optional.empty())));

    assertThat(done.succeeded()).isTrue();
  }

  @Test
  @DisplayName("a failing batch fails the job with its cause, and no batch runs after it")
  void aFailureStopsTheLoop() throws Exception {
    List<Integer> cursors = new ArrayList<>();
    IllegalStateException unavailable = new IllegalStateException("database unavailable");
    Future<Void> done = onLoop(() -> BatchLoop.run(0, cursor -> {
      cursors.add(cursor);
      Promise<Optional<Integer>> answer = Promise.promise();
      vertx.runOnContext(v -> {
        if (cursor == 3) {
          answer.fail(unavailable);
        } else {
          answer.complete(Optional.of(cursor + 1));
        }
      });
      return answer.future();
    }));

    assertThatThrownBy(() -> done.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
      .isInstanceOf(ExecutionException.class).hasCause(unavailable);
    assertThat(onLoop(() -> List.copyOf(cursors))).containsExactly(0, 1, 2, 3);
  }

  /** Runs {@code action} on the event loop, as JobsVerticle does, and returns its result. */
  private <T> T onLoop(java.util.function.Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      try {
        result.complete(action.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(10, TimeUnit.SECONDS);
  }
}
