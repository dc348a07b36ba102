package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs the background jobs of CONTRACT §8 (table {@code jobs}), one at a time per instance: a rule's backfill (the
 * inbox's events replayed to that rule in occurredAt order, in batches, by the engine's own statement) and a level's
 * award to the users whose total already reaches it. An instance claims a job nobody runs; each batch renews the
 * claim and records its progress in the transaction that applies it, so a job resumes where it stopped after a
 * crash, on this instance or another once the claim is older than {@value #STALE_SECONDS} s, and never applies a
 * batch twice. A permanent refusal, or a rule deactivated or a level deleted meanwhile, ends the job FAILED with the
 * reason; a transient failure (database down) is retried.
 */
public class JobsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(JobsVerticle.class);

  /** How often an idle runner looks for a job (a new job also wakes it at once on {@link Addresses#JOB_CREATED}). */
  static final long POLL_MS = 2_000;
  /** A claim not renewed for this long is taken over by another runner. */
  static final long STALE_SECONDS = 20;
  /** Pause after a transient failure. */
  private static final long RETRY_MS = 2_000;

  private final String owner = "runner-" + UUID.randomUUID();
  private final JobRepository jobs = new JobRepository();
  private Pool pool;
  private int batchSize;
  private Duration statementTimeout;
  private MessageConsumer<Object> wakeUps;
  private long timerId = -1;
  private boolean running;
  private boolean stopping;
  private Future<Void> current = Future.succeededFuture();
  /** The job being run, if any: its claim is given back on a graceful stop. */
  private JobRepository.Job claimed;

  @Override
  public Future<?> start() {
    GamificationConfig config = GamificationConfig.fromJson(config());
    pool = PgPools.create(vertx, config, "jobs", 2);
    batchSize = config.engineBatchSize();
    statementTimeout = config.pgStatementTimeout();
    wakeUps = vertx.eventBus().consumer(Addresses.JOB_CREATED, message -> runSoon(0));
    runSoon(0);
    return wakeUps.completion();
  }

  private void runSoon(long delayMs) {
    if (stopping || running) {
      return;
    }
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    timerId = vertx.setTimer(Math.max(1, delayMs), id -> {
      timerId = -1;
      runOnce();
    });
  }

  private void runOnce() {
    if (stopping || running) {
      return;
    }
    running = true;
    current = jobs.claim(pool, owner, STALE_SECONDS)
      .compose(claimed -> claimed.map(this::run).orElse(Future.succeededFuture(false)))
      .transform(done -> {
        running = false;
        if (done.failed()) {
          LOG.warn("A job could not go on now; trying again in {} ms: {}", RETRY_MS, SqlFailures.describe(done.cause()));
          runSoon(RETRY_MS);
        } else {
          runSoon(done.result() ? 0 : POLL_MS);
        }
        return Future.succeededFuture();
      });
  }

  /** Runs a claimed job to its end; true when it ended (look for the next one at once). */
  private Future<Boolean> run(JobRepository.Job job) {
    claimed = job;
    LOG.info("Running job {} ({}){}", job.id(), job.kind(), job.prepared() ? ", resumed at " + job.cursor() : "");
    Future<Void> done = "BACKFILL".equals(job.kind()) ? backfill(job) : award(job);
    return done.map(!stopping).recover(failure -> {
      if (failure instanceof JobRepository.LostClaim) {
        LOG.warn("Job {}: {}", job.id(), failure.getMessage());
        return Future.succeededFuture(true);
      }
      if (!SqlFailures.isPermanent(failure) && !(failure instanceof JobFailure)) {
        return Future.failedFuture(failure);
      }
      String reason = failure instanceof JobFailure ? failure.getMessage() : SqlFailures.describe(failure);
      LOG.warn("Job {} failed: {}", job.id(), reason);
      return pool.withTransaction(conn -> jobs.finish(conn, job, owner, "FAILED", reason)).map(true);
    });
  }

  // ------------------------------------------------------------------ backfill

  private Future<Void> backfill(JobRepository.Job job) {
    Future<Long> prepared = job.prepared() ? Future.succeededFuture(job.total())
      : pool.withTransaction(conn -> jobs.prepareBackfill(conn, job, owner));
    return prepared.compose(total -> {
      EventApplier applier = new EventApplier(pool, statementTimeout, job.ruleId());
      return BatchLoop.run(job.cursor(), cursor -> backfillAfter(job, applier, cursor));
    });
  }

  /** Replays the batch of events after {@code cursor}; the cursor after it, or none once the job has ended. */
  private Future<Optional<Long>> backfillAfter(JobRepository.Job job, EventApplier applier, long cursor) {
    if (stopping) {
      return Future.succeededFuture(Optional.empty());
    }
    return jobs.ruleActive(pool, job.ruleId()).compose(active -> {
      if (!active) {
        return Future.failedFuture(new JobFailure("rule " + job.ruleId() + " was deactivated"));
      }
      return jobs.nextEvents(pool, job, cursor, batchSize);
    }).compose(batch -> {
      if (batch.events().isEmpty() && batch.last() == cursor) {
        return pool.withTransaction(conn -> jobs.finish(conn, job, owner, "SUCCEEDED", null))
          .onSuccess(v -> LOG.info("Job {} (backfill of rule {}) succeeded", job.id(), job.ruleId()))
          .map(v -> Optional.<Long>empty());
      }
      return pool.withTransaction(conn -> applier.applyIn(conn, batch.events()).compose(granted -> {
        long rewards = granted.values().stream().mapToLong(Integer::longValue).sum();
        return jobs.progress(conn, job, owner, batch.last(), null, batch.last() - cursor, rewards).map(rewards);
      })).map(rewards -> {
        if (rewards > 0) {
          vertx.eventBus().send(Addresses.OUTBOX_WRITTEN, null);
        }
        return Optional.of(batch.last());
      });
    });
  }

  // ------------------------------------------------------------------ level award

  private Future<Void> award(JobRepository.Job job) {
    return jobs.level(pool, job.levelId()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new JobFailure("level " + job.levelId() + " was deleted"));
      }
      Row level = found.get();
      Future<Long> prepared = job.prepared() ? Future.succeededFuture(job.total())
        : pool.withTransaction(conn -> jobs.prepareLevel(conn, job, owner, level.getLong("min_points")));
      return prepared.compose(total -> BatchLoop.run(job.cursorUser() == null ? "" : job.cursorUser(),
        afterUser -> awardAfter(job, level, afterUser)));
    });
  }

  /** Awards the level to the batch of users after {@code afterUser}; the user to go on after, or none once done. */
  private Future<Optional<String>> awardAfter(JobRepository.Job job, Row level, String afterUser) {
    if (stopping) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.withTransaction(conn -> jobs.awardLevel(conn, job, level, afterUser, batchSize).compose(step -> {
      String cursor = step.lastUser() == null ? afterUser : step.lastUser();
      return jobs.progress(conn, job, owner, 0, cursor, step.lookedAt(), step.granted()).map(step);
    })).compose(step -> {
      if (step.granted() > 0) {
        vertx.eventBus().send(Addresses.OUTBOX_WRITTEN, null);
      }
      if (step.lastUser() == null || step.lookedAt() < batchSize) {
        return pool.withTransaction(conn -> jobs.finish(conn, job, owner, "SUCCEEDED", null))
          .onSuccess(v -> LOG.info("Job {} (award of level {}) succeeded", job.id(), job.levelId()))
          .map(v -> Optional.<String>empty());
      }
      return Future.succeededFuture(Optional.of(step.lastUser()));
    });
  }

  /** A job cannot go on, for a reason its readers are told. */
  private static final class JobFailure extends RuntimeException {
    JobFailure(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Finishes the batch in progress and gives the job's claim back, so another instance (or this one, restarted) resumes
   * it at once; after a crash the claim is taken over once stale.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    return current
      .eventually(() -> claimed == null ? Future.succeededFuture() : jobs.release(pool, claimed, owner))
      .eventually(() -> wakeUps == null ? Future.succeededFuture() : wakeUps.unregister())
      .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
