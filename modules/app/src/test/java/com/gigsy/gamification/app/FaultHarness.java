package com.gigsy.gamification.app;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.runtime.KafkaTopics;
import com.gigsy.gamification.runtime.Migrations;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TopicCollector;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every fault scenario shares: a fresh configuration and database with the rules of {@link WorkloadRules},
 * a {@link Workload}, a collector of the rewards topic, progress probes, and the final comparison of
 * PostgreSQL and the rewards topic with the workload's oracle. Logs one {@code FAULT-REPORT} line per scenario.
 */
final class FaultHarness implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultHarness.class);
  static final Duration COMPLETION_TIMEOUT = Duration.ofMinutes(3);

  private final String scenario;
  private final GamificationConfig config;
  private final Vertx vertx = Vertx.vertx();
  private final Pool db;
  private final Workload workload;
  private final Workload.Oracle oracle;
  private final String prefix = "w" + UUID.randomUUID().toString().substring(0, 8);
  private final TopicCollector rewards;
  private final BulkSender sender;
  private long recoveryMillis = -1;
  private long healedAt;
  private long recordsSent;

  private FaultHarness(String scenario, GamificationConfig config, int size, WorkloadRules.Installed rules) {
    this.scenario = scenario;
    this.config = config;
    this.db = PgPools.create(vertx, config, "fault-test", 2);
    this.workload = Workload.generate(scenario.hashCode(), size, prefix);
    this.oracle = workload.oracle(rules);
    this.rewards = new TopicCollector(TestStack.get().kafkaBootstrap(), config.rewardsTopic());
    this.sender = new BulkSender(TestStack.get().kafkaBootstrap(), config.eventsTopic());
  }

  /** {@link #prepare(String, GamificationConfig, int)} with a fresh configuration and the default workload size. */
  static FaultHarness prepare(String scenario) {
    return prepare(scenario, TestStack.get().config(), Workload.defaultSize());
  }

  /**
   * Creates the schema, the topics and the rules, as a first start of the service would, without starting it;
   * the workload has {@code size} records.
   */
  static FaultHarness prepare(String scenario, GamificationConfig config, int size) {
    Vertx vertx = Vertx.vertx();
    WorkloadRules.Installed rules;
    try {
      Pool pool = PgPools.create(vertx, config, "fault-migrate", 1);
      Await.result(Migrations.apply(vertx, pool).compose(v -> KafkaTopics.ensure(vertx, config)));
      rules = WorkloadRules.install(pool);
      Await.result(pool.close());
    } finally {
      Await.result(vertx.close());
    }
    return new FaultHarness(scenario, config, size, rules);
  }

  GamificationConfig config() {
    return config;
  }

  Workload workload() {
    return workload;
  }

  Pool db() {
    return db;
  }

  /** Sends the whole workload; returns once the broker acknowledged it. */
  List<BulkSender.Sent> sendWorkload() {
    return send(workload.events().stream()
      .map(event -> new BulkSender.Record(event.getString("userId"), event.encode().getBytes(StandardCharsets.UTF_8)))
      .toList());
  }

  /** Sends records (the workload's, mixed with others); returns once the broker acknowledged them. */
  List<BulkSender.Sent> send(List<BulkSender.Record> records) {
    List<BulkSender.Sent> sent = sender.send(records);
    recordsSent += sent.size();
    return sent;
  }

  /** Distinct events applied so far. */
  long applied() {
    return Await.result(db.query("SELECT count(*) FROM processed_events").execute()).iterator().next().getLong(0);
  }

  /** Waits until at least {@code fraction} of the workload's distinct events are applied. */
  void awaitApplied(double fraction) {
    long target = (long) (workload.eventIds().size() * fraction);
    Await.until(target + " events applied", COMPLETION_TIMEOUT, () -> applied() >= target);
  }

  /**
   * Waits until PostgreSQL has ended the sessions of a killed service (every client session on the database is the
   * harness's): from then on, what they committed is all they will ever commit.
   */
  void awaitServiceSessionsEnded() {
    Await.until("the killed service's sessions end", Duration.ofSeconds(60), () -> Await.result(db.query(
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' "
        + "AND application_name <> current_setting('application_name')").execute()).iterator().next().getLong(0) == 0);
  }

  /** Notes that the fault is healed now: the recovery time of the report counts from here. */
  void healed() {
    healedAt = System.nanoTime();
  }

  /** Waits until processing moves again after {@link #healed()}; the time goes in the report. */
  void awaitResumed() {
    awaitResumed(oracle);
  }

  /** {@link #awaitResumed()} when the inbox is to hold the events {@code expected} speaks for (not an erased user's). */
  void awaitResumed(Workload.Oracle expected) {
    long events = expectedEvents(expected);
    long before = applied();
    Await.until("processing resumes", COMPLETION_TIMEOUT, () -> applied() > before || applied() == events);
    recoveryMillis = (System.nanoTime() - healedAt) / 1_000_000;
  }

  /** Waits until every event is applied and every granted reward is on the rewards topic. */
  void awaitCompletion() {
    awaitCompletion(oracle);
  }

  private void awaitCompletion(Workload.Oracle expected) {
    long events = expectedEvents(expected);
    Await.until("every event applied and every reward published", COMPLETION_TIMEOUT, () -> {
      if (applied() < events) {
        return false;
      }
      RewardAudit audit = audit(expected);
      return audit.rewards() >= expected.rewards() && audit.missingFromTopic().isEmpty();
    });
  }

  /** The distinct events the inbox must hold in the end: the workload's, but those of the users {@code expected} excludes. */
  private long expectedEvents(Workload.Oracle expected) {
    return workload.eventIdsExcept(expected.excluded()).size();
  }

  /** What PostgreSQL and the rewards topic hold of the users {@code expected} speaks for. */
  private RewardAudit audit(Workload.Oracle expected) {
    return RewardAudit.read(db, prefix, expected.excluded(), rewards.matching(record -> true));
  }

  /** The records of the rewards topic keyed by {@code userId}, in the order read (their partition's). */
  List<ConsumerRecord<byte[], byte[]>> rewardRecords(String userId) {
    return rewards.forKey(userId);
  }

  /** Compares PostgreSQL and the rewards topic with the oracle: nothing lost, nothing doubled. */
  RewardAudit verify() {
    return verify(oracle);
  }

  /** The workload's oracle, for a scenario that adds to what it expects. */
  Workload.Oracle oracle() {
    return oracle;
  }

  /**
   * Compares PostgreSQL and the rewards topic with {@code oracle}: nothing lost, nothing doubled, for every user the
   * oracle speaks for (the users it excludes are the scenario's to check).
   */
  RewardAudit verify(Workload.Oracle oracle) {
    awaitCompletion(oracle);
    RewardAudit audit = audit(oracle);
    long events = expectedEvents(oracle);
    LOG.info("FAULT-REPORT scenario={} recordsSent={} workload={} resends={} distinctEvents={} expectedRewards={} "
        + "dbRewards={} outboxRewards={} topicDistinct={} topicRecords={} erasedUsers={} erasedRecords={} recoveryMs={} "
        + "rewardsByRule={}", scenario, recordsSent, workload.events().size(), workload.resends(), events, oracle.rewards(),
      audit.rewards(), audit.outboxTypes().size(), audit.onTopic().size(), audit.topicRecords(), oracle.excluded().size(),
      audit.erasedRecords(), recoveryMillis, oracle.grantsByRule());
    assertThat(applied()).as("distinct events applied").isEqualTo(events);
    assertThat(audit.totals()).as("every user's total").isEqualTo(oracle.totals());
    assertThat(audit.loggedTotals()).as("every user's points log").isEqualTo(oracle.totals());
    assertThat(audit.badges()).as("every user's badges").isEqualTo(oracle.badges());
    assertThat(audit.titles()).as("every user's titles").isEqualTo(oracle.titles());
    assertThat(audit.levels()).as("every user's levels").isEqualTo(oracle.levels());
    assertThat(audit.pointsEntries()).as("points entries").isEqualTo(oracle.pointsEntries());
    assertThat(audit.outboxTypes()).as("one outbox row per reward").hasSize(oracle.rewards());
    assertThat(audit.missingFromTopic()).as("granted rewards missing from the rewards topic").isEmpty();
    assertThat(audit.outboxTypes().keySet()).as("no reward on the topic that was not granted")
      .containsAll(audit.onTopic());
    return audit;
  }

  /** After a stop that was graceful (no crash, no outage), every reward is on the topic exactly once (CONTRACT §4). */
  void assertNoRepeatedRewards(RewardAudit audit) {
    assertThat(audit.topicRecords()).as("reward records on the topic, one per reward").isEqualTo(audit.onTopic().size());
  }

  @Override
  public void close() throws Exception {
    sender.close();
    rewards.close();
    Await.result(db.close());
    Await.result(vertx.close());
  }
}
