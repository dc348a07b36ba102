package com.gigsy.gamification.api.profile;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.runtime.Migrations;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile reads of one turn of the event loop, or that wait for a connection, go out together: when, and with which
 * users ({@link ProfileReads}, on stand-in reads the test completes), and that the statement of several users reads for
 * each what the one-user statement reads ({@link ProfileRepository#snapshots}, on the test stack's PostgreSQL).
 */
@ExtendWith(VertxExtension.class)
class ProfileReadsTest {

  private static final Set<ProfilePart> TOTAL = EnumSet.of(ProfilePart.TOTAL_POINTS);

  private static Pool db;
  private static ProfileRepository profiles;

  @BeforeAll
  static void start(Vertx vertx) {
    GamificationConfig config = TestStack.get().config();
    db = PgPools.create(vertx, config, "test", 2, PgPools.GENERIC_PLANS);
    Await.result(Migrations.apply(vertx, db));
    profiles = new ProfileRepository(db);
  }

  @AfterAll
  static void stop() {
    Await.result(db.close());
  }

  /**
   * Stand-ins of the repository's reads and of the event loop: each read is recorded, and completes when the test says;
   * the tasks left for the end of the loop's turn run when the test ends the turn.
   */
  private static final class Reads {
    final List<String> singles = new ArrayList<>();
    final List<Promise<ProfileSnapshot>> singleAnswers = new ArrayList<>();
    final List<List<String>> batches = new ArrayList<>();
    final List<Promise<Map<String, ProfileSnapshot>>> batchAnswers = new ArrayList<>();
    /** What the meter was told: the users of each statement sent. */
    final List<Integer> statementUsers = new ArrayList<>();
    final List<Runnable> endOfTurn = new ArrayList<>();

    ProfileReads reads(int statements) {
      return new ProfileReads(statements, endOfTurn::add, statementUsers::add, this::one, this::many);
    }

    void endTurn() {
      List<Runnable> tasks = List.copyOf(endOfTurn);
      endOfTurn.clear();
      tasks.forEach(Runnable::run);
    }

    private Future<ProfileSnapshot> one(String user, Set<ProfilePart> parts) {
      singles.add(user);
      Promise<ProfileSnapshot> answer = Promise.promise();
      singleAnswers.add(answer);
      return answer.future();
    }

    private Future<Map<String, ProfileSnapshot>> many(Collection<String> users, Set<ProfilePart> parts) {
      batches.add(List.copyOf(users));
      Promise<Map<String, ProfileSnapshot>> answer = Promise.promise();
      batchAnswers.add(answer);
      return answer.future();
    }
  }

  private static ProfileSnapshot total(long points) {
    return new ProfileSnapshot(points, null, null, null, null, null, null);
  }

  private static Map<String, ProfileSnapshot> totals(List<String> users) {
    Map<String, ProfileSnapshot> answers = new HashMap<>();
    users.forEach(user -> answers.put(user, total(user.length())));
    return answers;
  }

  @Test
  @DisplayName("reads asked for in one turn of the event loop go out at its end, together, one statement for their "
    + "users (each once), a read alone through the one-user statement; those that find every connection busy wait and "
    + "go out together when a statement comes back; each gets its own user's snapshot")
  void readsOfOneTurnGoOutTogether() {
    Reads stand = new Reads();
    ProfileReads reads = stand.reads(2);

    Future<ProfileSnapshot> alone = reads.read("a", TOTAL);
    assertThat(stand.singles).isEmpty();
    stand.endTurn();
    assertThat(stand.singles).containsExactly("a");

    List<Future<ProfileSnapshot>> together = List.of(reads.read("bb", TOTAL), reads.read("ccc", TOTAL),
      reads.read("bb", TOTAL));
    assertThat(stand.endOfTurn).hasSize(1);
    stand.endTurn();
    assertThat(stand.batches).containsExactly(List.of("bb", "ccc"));

    // both connections are busy: the reads of the next turn wait for one
    List<Future<ProfileSnapshot>> waiting = List.of(reads.read("dddd", TOTAL), reads.read("e", TOTAL));
    stand.endTurn();
    assertThat(stand.batches).hasSize(1);
    assertThat(stand.singles).hasSize(1);

    stand.singleAnswers.get(0).complete(total(1));
    assertThat(alone.result().totalPoints()).isEqualTo(1);
    assertThat(stand.batches).containsExactly(List.of("bb", "ccc"), List.of("dddd", "e"));
    assertThat(waiting).noneMatch(Future::isComplete);

    stand.batchAnswers.get(0).complete(totals(List.of("bb", "ccc")));
    assertThat(together).extracting(read -> read.result().totalPoints()).containsExactly(2L, 3L, 2L);
    stand.batchAnswers.get(1).complete(totals(List.of("dddd", "e")));
    assertThat(waiting).extracting(read -> read.result().totalPoints()).containsExactly(4L, 1L);
    assertThat(stand.statementUsers).containsExactly(1, 2, 2);

    // nothing out any more: the next turn's read goes out at its end, alone
    reads.read("f", TOTAL);
    stand.endTurn();
    assertThat(stand.singles).containsExactly("a", "f");
  }

  @Test
  @DisplayName("reads asking for other parts wait apart, the group waiting longest goes out first, and a group of more "
    + "than " + ProfileReads.MAX_BATCH + " users goes out in statements of at most that many")
  void groupsByPartsAndBounded() {
    Reads stand = new Reads();
    ProfileReads reads = stand.reads(1);
    reads.read("first", TOTAL);
    stand.endTurn();
    Set<ProfilePart> badges = EnumSet.of(ProfilePart.BADGES);
    reads.read("b1", badges);
    List<String> many = IntStream.range(0, ProfileReads.MAX_BATCH + 3).mapToObj(i -> "t" + i).toList();
    many.forEach(user -> reads.read(user, TOTAL));
    reads.read("b2", badges);
    stand.endTurn();
    assertThat(stand.batches).isEmpty();

    stand.singleAnswers.get(0).complete(total(0));
    assertThat(stand.batches).containsExactly(List.of("b1", "b2"));
    stand.batchAnswers.get(0).complete(totals(List.of("b1", "b2")));
    assertThat(stand.batches.get(1)).isEqualTo(many.subList(0, ProfileReads.MAX_BATCH));
    stand.batchAnswers.get(1).complete(totals(stand.batches.get(1)));
    assertThat(stand.batches.get(2)).isEqualTo(many.subList(ProfileReads.MAX_BATCH, many.size()));
  }

  @Test
  @DisplayName("a failed batch fails each of its reads, and a batch missing a user fails that user's read; either way "
    + "the connection is free again")
  void failuresReachEveryReader() {
    Reads stand = new Reads();
    ProfileReads reads = stand.reads(1);
    Future<ProfileSnapshot> x = reads.read("x", TOTAL);
    Future<ProfileSnapshot> y = reads.read("y", TOTAL);
    stand.endTurn();
    stand.batchAnswers.get(0).fail("connection reset");
    assertThat(x.cause()).hasMessage("connection reset");
    assertThat(y.cause()).hasMessage("connection reset");

    Future<ProfileSnapshot> q = reads.read("q", TOTAL);
    Future<ProfileSnapshot> r = reads.read("r", TOTAL);
    stand.endTurn();
    stand.batchAnswers.get(1).complete(totals(List.of("q")));
    assertThat(q.result().totalPoints()).isEqualTo(1);
    assertThat(r.cause()).hasMessageContaining("no row");

    reads.read("s", TOTAL);
    stand.endTurn();
    assertThat(stand.singles).containsExactly("s");
  }


  @Test
  @DisplayName("the statement of several users reads for each what the one-user statement reads, for every combination "
    + "of parts, users without anything included")
  void batchReadsAsTheOneUserStatement() {
    List<String> users = List.of(holder(3, 2, 40), holder(1, 1, 7), "nobody-" + UUID.randomUUID());
    Await.result(db.query("INSERT INTO levels (name, min_points) VALUES ('Batch ten', 10), ('Batch fifty', 50)")
      .execute());
    for (int bits = 0; bits < 1 << ProfilePart.values().length; bits++) {
      Set<ProfilePart> parts = EnumSet.noneOf(ProfilePart.class);
      for (ProfilePart part : ProfilePart.values()) {
        if ((bits & 1 << part.ordinal()) != 0) {
          parts.add(part);
        }
      }
      Map<String, ProfileSnapshot> each = new LinkedHashMap<>();
      for (String user : users) {
        each.put(user, Await.result(profiles.snapshot(user, parts)));
      }
      assertThat(Await.result(profiles.snapshots(users, parts))).as("parts %s", parts).isEqualTo(each);
    }
  }

  /**
   * A user holding {@code badges} badges and {@code titles} titles (the last one equipped), {@code points} points,
   * progress on a milestone rule and a streak rule.
   */
  private static String holder(int badges, int titles, int points) {
    String user = "holder-" + UUID.randomUUID();
    long rule = Await.result(db.query("""
      INSERT INTO gamification_rules (event_name, description, points_awarded)
      VALUES ('batch.read', 'test rule', 1) RETURNING id""").execute()).iterator().next().getLong(0);
    long milestone = Await.result(db.query("""
      INSERT INTO gamification_rules (event_name, description, points_awarded, threshold)
      VALUES ('batch.read', 'milestone', 1, 5) RETURNING id""").execute()).iterator().next().getLong(0);
    long streak = Await.result(db.query("""
      INSERT INTO gamification_rules (event_name, description, points_awarded, streak_length, streak_period)
      VALUES ('batch.read', 'streak', 1, 3, 'DAY') RETURNING id""").execute()).iterator().next().getLong(0);
    Holdings.badgesAndTitles(db, user, badges, titles, rule);
    Await.result(db.preparedQuery("INSERT INTO user_totals (user_id, total_points) VALUES ($1, $2)")
      .execute(Tuple.of(user, points)));
    Await.result(db.preparedQuery("INSERT INTO rule_progress (user_id, rule_id, count) VALUES ($1, $2, 2)")
      .execute(Tuple.of(user, milestone)));
    Await.result(db.preparedQuery("""
      INSERT INTO streak_progress (user_id, rule_id, longest, last_period, last_run)
      VALUES ($1, $2, 2, current_date, 2)""").execute(Tuple.of(user, streak)));
    return user;
  }
}
