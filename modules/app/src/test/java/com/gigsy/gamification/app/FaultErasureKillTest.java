package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault scenario 9: erasures (CONTRACT §11, {@code eraseUser}) cut short by SIGKILL. While the workload is applied, an
 * admin erases a handful of its users, all at once, through the API of the service process; the process is killed as
 * soon as the first erasure commits (the others, and the relay, in flight), started again, and the admin erases the
 * same users again, as one does when answers were lost. Each erasure that committed answers {@code false} the second
 * time, the others {@code true}. Then every other user ends up with exactly the oracle's rewards, on the topic too;
 * nothing is left of the erased users in any table, their outbox holds nothing but ERASED, the topic holds one ERASED
 * reward of each (published at least once) and nothing of theirs after it.
 */
class FaultErasureKillTest {

  private static final Logger LOG = LoggerFactory.getLogger(FaultErasureKillTest.class);
  private static final int ERASED_USERS = 5;
  private static final String ERASE = "mutation($u: ID!) { eraseUser(userId: $u) }";
  private static final String TOKEN = TestTokens.admin("fault-admin");

  @RegisterExtension
  final Closer closer = new Closer();

  @Test
  @DisplayName("Erasures cut short by SIGKILL and made again leave nothing of the erased users, ERASED last and once, "
    + "and every other user exactly rewarded")
  void erasuresKilledMidStream() {
    // boards computed every 2 s: the users erased are on them, and an erasure waits for a computation in flight
    FaultHarness harness = closer.add(FaultHarness.prepare("erasure-sigkill", TestStack.get().config()
      .with(Setting.INSTANCE_ID, "erasure-instance").with(Setting.LEADERBOARD_INTERVAL, "PT2S"), Workload.defaultSize()));
    List<String> users = usersToErase(harness.workload());
    harness.sendWorkload();
    Path logs = TestStack.get().directory();
    ServiceProcess first = closer.add(ServiceProcess.start(harness.config(), logs.resolve("erasure-1.log")));
    GraphQLClient admin = new GraphQLClient(first.httpPort(), TOKEN);
    assertThat(admin.data("{ __typename }", new JsonObject()).getString("__typename")).as("the admin's first request")
      .isEqualTo("Query");
    harness.awaitApplied(0.3);
    Await.until("events of every user to erase applied", FaultHarness.COMPLETION_TIMEOUT,
      () -> count(harness, "SELECT count(DISTINCT user_id) FROM processed_events WHERE user_id = ANY ($1)", users)
        == users.size());

    ExecutorService admins = Executors.newFixedThreadPool(users.size());
    closer.add(admins::shutdownNow);
    Map<String, CompletableFuture<GraphQLClient.Response>> calls = new LinkedHashMap<>();
    for (String user : users) {
      calls.put(user, CompletableFuture.supplyAsync(() -> admin.send(ERASE, new JsonObject().put("u", user)), admins));
    }
    Await.until("an erasure commits", () -> !committed(harness, users).isEmpty());
    first.kill();
    harness.healed();
    harness.awaitServiceSessionsEnded();
    Set<String> committedBeforeKill = committed(harness, users);
    Map<String, Boolean> answered = answersBeforeKill(calls);

    ServiceProcess second = closer.add(ServiceProcess.start(harness.config(), logs.resolve("erasure-2.log")));
    GraphQLClient again = new GraphQLClient(second.httpPort(), TOKEN);
    Map<String, Boolean> retried = new TreeMap<>();
    users.forEach(user -> retried.put(user, again.data(ERASE, new JsonObject().put("u", user)).getBoolean("eraseUser")));
    LOG.info("ERASURES answeredBeforeKill={} committedBeforeKill={} answersAfterRestart={}", answered,
      committedBeforeKill, retried);
    assertThat(answered.values()).as("answers received before the kill: each user had data").doesNotContain(false);
    assertThat(committedBeforeKill).as("the erasures answered before the kill").containsAll(answered.keySet());
    users.forEach(user -> assertThat(retried.get(user)).as("%s erased again: false when the first erasure committed", user)
      .isEqualTo(!committedBeforeKill.contains(user)));
    // after the erasures made again: once they are done, the inbox is to hold the others' events only
    Workload.Oracle others = harness.oracle().without(Set.copyOf(users));
    harness.awaitResumed(others);

    harness.verify(others);
    Await.until("an ERASED record of every erased user on the topic",
      () -> users.stream().allMatch(user -> !erasedRewardIds(harness.rewardRecords(user)).isEmpty()));
    users.forEach(user -> assertErasedLast(harness, user));
    // stopped, so that no board is created or dropped while every table is searched
    assertThat(second.terminate(Duration.ofSeconds(60))).as("exit status").isZero();
    assertNoRows(harness, users);
  }

  /**
   * {@value #ERASED_USERS} users with events in the stream's first tenth and in its second half, in the order they first
   * appear: they have data when erased at 30 %, and events that come after.
   */
  private static List<String> usersToErase(Workload workload) {
    List<JsonObject> events = workload.events();
    Set<String> late = new HashSet<>();
    events.subList(events.size() / 2, events.size()).forEach(event -> late.add(event.getString("userId")));
    Set<String> chosen = new LinkedHashSet<>();
    for (JsonObject event : events.subList(0, events.size() / 10)) {
      if (chosen.size() < ERASED_USERS && late.contains(event.getString("userId"))) {
        chosen.add(event.getString("userId"));
      }
    }
    assertThat(chosen).as("users to erase").hasSize(ERASED_USERS);
    return List.copyOf(chosen);
  }

  /** The users of {@code users} recorded as erased. */
  private static Set<String> committed(FaultHarness harness, List<String> users) {
    Set<String> erased = new HashSet<>();
    for (Row row : Await.result(harness.db().preparedQuery("SELECT u FROM unnest($1::text[]) AS u "
      + "WHERE EXISTS (SELECT 1 FROM erased_users WHERE user_sha256 = gamification_user_sha256(u))")
      .execute(Tuple.of(users.toArray(String[]::new))))) {
      erased.add(row.getString(0));
    }
    return erased;
  }

  /** The answers that came back before the kill (a call cut short by it has none), by user. */
  private static Map<String, Boolean> answersBeforeKill(Map<String, CompletableFuture<GraphQLClient.Response>> calls) {
    Map<String, Boolean> answers = new TreeMap<>();
    calls.forEach((user, call) -> {
      GraphQLClient.Response response;
      try {
        response = call.join();
      } catch (CompletionException lost) {
        return;
      }
      assertThat(response.status()).as("%s: %s", user, response.body()).isEqualTo(200);
      JsonObject body = response.json();
      assertThat(body.getJsonArray("errors")).as("%s: %s", user, response.body()).isNull();
      answers.put(user, body.getJsonObject("data").getBoolean("eraseUser"));
    });
    return answers;
  }

  /** Nothing of the users in any table with a {@code user_id} column. */
  private static void assertNoRows(FaultHarness harness, List<String> users) {
    List<String> tables = new ArrayList<>();
    Await.result(harness.db().query("""
        SELECT c.table_name::text FROM information_schema.columns c
        JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND c.column_name = 'user_id' AND t.table_type = 'BASE TABLE'""").execute())
      .forEach(row -> tables.add(row.getString(0)));
    assertThat(tables).contains("points_log", "processed_events", "user_totals", "leaderboard_entries");
    for (String table : tables) {
      assertThat(count(harness, "SELECT count(*) FROM " + table + " WHERE user_id::text = ANY ($1)", users))
        .as("rows of erased users in %s", table).isZero();
    }
  }

  /**
   * One ERASED reward of the user: on the topic (its record there at least once), where no record of theirs but ERASED
   * follows it — records keyed by the user share one partition, so offsets order them —, and in the outbox, where
   * nothing else of theirs is left.
   */
  private static void assertErasedLast(FaultHarness harness, String user) {
    List<ConsumerRecord<byte[], byte[]>> records = harness.rewardRecords(user);
    Set<String> erased = erasedRewardIds(records);
    assertThat(erased).as("%s: ERASED rewards on the topic", user).hasSize(1);
    assertThat(records.stream().map(ConsumerRecord::partition).distinct()).as("%s: partitions", user).hasSize(1);
    long erasedAt = records.stream().filter(FaultErasureKillTest::isErased).mapToLong(ConsumerRecord::offset).min()
      .orElseThrow();
    assertThat(records.stream().filter(record -> record.offset() > erasedAt && !isErased(record))
      .map(record -> record.offset() + " " + new String(record.value(), StandardCharsets.UTF_8)))
      .as("%s: records after ERASED (at offset %d)", user, erasedAt).isEmpty();
    List<String> outbox = new ArrayList<>();
    Await.result(harness.db().preparedQuery("SELECT r.type || ' ' || r.reward_id FROM reward_outbox o, "
      + "unnest(o.user_ids, o.types, o.reward_ids) AS r (user_id, type, reward_id) WHERE r.user_id = $1")
      .execute(Tuple.of(user))).forEach(row -> outbox.add(row.getString(0)));
    assertThat(outbox).as("%s: entries in the outbox", user).containsExactly(RewardAudit.ERASED + " " + erased.iterator().next());
  }

  private static Set<String> erasedRewardIds(List<ConsumerRecord<byte[], byte[]>> records) {
    Set<String> ids = new HashSet<>();
    records.stream().filter(FaultErasureKillTest::isErased).forEach(record -> ids.add(json(record).getString("rewardId")));
    return ids;
  }

  private static boolean isErased(ConsumerRecord<byte[], byte[]> record) {
    return RewardAudit.ERASED.equals(json(record).getString("type"));
  }

  private static JsonObject json(ConsumerRecord<byte[], byte[]> record) {
    return new JsonObject(new String(record.value(), StandardCharsets.UTF_8));
  }

  private static long count(FaultHarness harness, String sql, List<String> users) {
    return Await.result(harness.db().preparedQuery(sql).execute(Tuple.of(users.toArray(String[]::new))))
      .iterator().next().getLong(0);
  }
}
