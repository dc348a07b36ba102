package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.SqlResources;
import com.gigsy.gamification.core.ApplyResult.Outcome;
import com.gigsy.gamification.core.GamificationEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The write path: applies events to PostgreSQL, all effects of one event or none (CONTRACT §3).
 *
 * <p>A batch is applied by one statement in one transaction, so it costs one round trip (the statement taking the
 * users' locks goes with it, pipelined). When PostgreSQL
 * refuses the batch permanently, the events are applied one by one, so a bad event cannot take the
 * correct ones down with it; an event still refused after {@value #ATTEMPTS_PER_EVENT} attempts is
 * reported {@code REJECTED}. A transient failure fails the returned future: nothing is half-written, and
 * the caller retries the same events later.
 */
final class EventApplier {

  static final int ATTEMPTS_PER_EVENT = 3;

  private static final Logger LOG = LoggerFactory.getLogger(EventApplier.class);

  /** How much longer than the statement timeout a transaction may take before it is given up (a commit, a round trip). */
  private static final long TRANSACTION_GRACE_MS = 1_000;

  private final Pool pool;
  private final long transactionTimeoutMs;
  private final String lockSql;
  private final String applySql;
  /** {@code null}: live events, new to the inbox; else the one rule a backfill replays stored events to. */
  private final Long backfillRule;

  /**
   * The engine's applier of live events.
   *
   * @param statementTimeout a transaction not done within it (and a second) fails as transient, so ingest holds its
   *                         batch and retries rather than waiting on a PostgreSQL that stopped answering
   */
  EventApplier(Pool pool, java.time.Duration statementTimeout) {
    this(pool, statementTimeout, null);
  }

  /** A backfill's applier: replays events the inbox holds to rule {@code backfillRule} alone, each at most once. */
  EventApplier(Pool pool, java.time.Duration statementTimeout, Long backfillRule) {
    this.pool = pool;
    this.transactionTimeoutMs = statementTimeout.toMillis() + TRANSACTION_GRACE_MS;
    this.lockSql = SqlResources.load("engine/lock-users.sql");
    this.applySql = SqlResources.load("engine/apply-events.sql");
    this.backfillRule = backfillRule;
  }

  /** One outcome per event, in order. Fails only when PostgreSQL is unavailable (transient). */
  Future<List<Outcome>> apply(List<GamificationEvent> events) {
    // The first of several events with one id wins; the others are duplicates from the start.
    Map<String, Integer> firstIndex = new HashMap<>();
    List<GamificationEvent> unique = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (firstIndex.putIfAbsent(events.get(i).eventId(), i) == null) {
        unique.add(events.get(i));
      }
    }
    return applyTogether(unique)
      .map(granted -> {
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
          String eventId = events.get(i).eventId();
          Integer rewards = firstIndex.get(eventId) == i ? granted.get(eventId) : null;
          outcomes.add(rewards == null ? Outcome.duplicate() : Outcome.applied(rewards));
        }
        return outcomes;
      })
      .recover(failure -> {
        if (!SqlFailures.isPermanent(failure)) {
          return Future.failedFuture(failure);
        }
        LOG.warn("Batch of {} events refused ({}); applying them one by one",
          events.size(), SqlFailures.describe(failure));
        return applyOneByOne(events);
      });
  }

  private Future<List<Outcome>> applyOneByOne(List<GamificationEvent> events) {
    List<Outcome> outcomes = new ArrayList<>(events.size());
    Future<Void> chain = Future.succeededFuture();
    for (GamificationEvent event : events) {
      chain = chain.compose(v -> applyAlone(event, 1).map(outcome -> {
        outcomes.add(outcome);
        return null;
      }));
    }
    return chain.map(v -> outcomes);
  }

  private Future<Outcome> applyAlone(GamificationEvent event, int attempt) {
    return applyTogether(List.of(event))
      .map(granted -> {
        Integer rewards = granted.get(event.eventId());
        return rewards == null ? Outcome.duplicate() : Outcome.applied(rewards);
      })
      .recover(failure -> {
        if (!SqlFailures.isPermanent(failure)) {
          return Future.failedFuture(failure);
        }
        String reason = SqlFailures.describe(failure);
        if (attempt < ATTEMPTS_PER_EVENT) {
          LOG.warn("Event {} refused on attempt {} of {}: {}", event.eventId(), attempt, ATTEMPTS_PER_EVENT, reason);
          return applyAlone(event, attempt + 1);
        }
        LOG.warn("Event {} rejected after {} attempts: {}", event.eventId(), attempt, reason);
        return Future.succeededFuture(Outcome.rejected(reason));
      });
  }

  /** Applies events with distinct ids in one transaction; returns the rewards granted per new event id. */
  private Future<Map<String, Integer>> applyTogether(List<GamificationEvent> events) {
    return pool.withTransaction(conn -> applyIn(conn, events))
      .timeout(transactionTimeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * Applies events with distinct ids within the connection's transaction (the users' locks are taken in it and held
   * until it ends); returns the rewards granted per event applied now. Fails, and the transaction must roll back,
   * when PostgreSQL refuses the batch.
   */
  Future<Map<String, Integer>> applyIn(SqlConnection conn, List<GamificationEvent> events) {
    int n = events.size();
    String[] eventIds = new String[n];
    String[] eventNames = new String[n];
    String[] userIds = new String[n];
    String[] entityIds = new String[n];
    OffsetDateTime[] occurredAt = new OffsetDateTime[n];
    String[] createdBy = new String[n];
    String[] dedupeKeys = new String[n];
    String[] attributes = new String[n];
    for (int i = 0; i < n; i++) {
      GamificationEvent event = events.get(i);
      eventIds[i] = event.eventId();
      eventNames[i] = event.eventName();
      userIds[i] = event.userId();
      entityIds[i] = event.relatedEntityId();
      occurredAt[i] = event.occurredAt().atOffset(ZoneOffset.UTC);
      createdBy[i] = event.actorId();
      dedupeKeys[i] = event.dedupeKey();
      attributes[i] = event.attributes();
    }
    Tuple params = Tuple.tuple()
      .addArrayOfString(eventIds)
      .addArrayOfString(eventNames)
      .addArrayOfString(userIds)
      .addArrayOfString(entityIds)
      .addArrayOfOffsetDateTime(occurredAt)
      .addArrayOfString(createdBy)
      .addArrayOfString(dedupeKeys)
      .addArrayOfString(attributes)
      .addLong(backfillRule);
    Tuple users = Tuple.tuple().addArrayOfString(userIds);
    // sent together (pipelined): the apply statement starts, with its snapshot, once every lock is held
    Future<RowSet<Row>> locked = conn.preparedQuery(lockSql).execute(users);
    Future<RowSet<Row>> applied = conn.preparedQuery(applySql).execute(params);
    return locked.compose(v -> applied).map(EventApplier::rewardsByEvent);
  }

  private static Map<String, Integer> rewardsByEvent(RowSet<Row> rows) {
    Map<String, Integer> granted = new HashMap<>(rows.size() * 2);
    for (Row row : rows) {
      granted.put(row.getString("event_id"), row.getInteger("rewards"));
    }
    return granted;
  }
}
