package com.gigsy.gamification.api.profile;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The profile reads of one api instance, gathered per turn of its event loop: the reads asked for while the loop
 * handles one round of ready sockets (requests, answers) go out at the end of that round, those asking for the same
 * parts together, as one statement for all their users ({@link ProfileRepository#snapshots}). At most a given number
 * of statements is out at once (the pool's connections); the reads that find that many out wait, and go out together
 * when a statement comes back.
 * <p>
 * Under a light load every read goes out alone, at the end of the round that asked for it. Under a heavy one, the reads
 * that arrive together share a statement: each costs PostgreSQL (parse, bind, execute, the round trip, the wake-up of
 * its backend) and the service (a write and a read on the socket) once for the batch. Every user's snapshot still comes
 * from one statement, so the fields of a profile agree with each other; the users of a batch are read at the same
 * moment.
 * <p>
 * Thread-safe: the state is guarded by this object, and no read completes while it is held.
 */
final class ProfileReads {

  /** Most users one statement reads: the reads waiting beyond it go out with the next. */
  static final int MAX_BATCH = 64;

  private final int statements;
  private final Executor endOfTurn;
  private final IntConsumer statementUsers;
  private final BiFunction<String, Set<ProfilePart>, Future<ProfileSnapshot>> one;
  private final BiFunction<Collection<String>, Set<ProfilePart>, Future<Map<String, ProfileSnapshot>>> many;
  /** The reads not out yet, by the parts they ask for; the group waiting longest first. */
  private final Map<Set<ProfilePart>, List<Waiting>> waiting = new LinkedHashMap<>();
  private int out;
  private boolean sendScheduled;

  /**
   * @param statements     the most statements out at once (the pool's size)
   * @param endOfTurn      runs a task once the event loop has handled the events of its current round
   * @param statementUsers told the number of users of each statement that goes out (a meter)
   * @param one            reads one user's profile ({@link ProfileRepository#snapshot})
   * @param many           reads several users' profiles in one statement ({@link ProfileRepository#snapshots})
   */
  ProfileReads(int statements, Executor endOfTurn, IntConsumer statementUsers,
               BiFunction<String, Set<ProfilePart>, Future<ProfileSnapshot>> one,
               BiFunction<Collection<String>, Set<ProfilePart>, Future<Map<String, ProfileSnapshot>>> many) {
    if (statements < 1) {
      throw new IllegalArgumentException("statements must be at least 1, was " + statements);
    }
    this.statements = statements;
    this.endOfTurn = endOfTurn;
    this.statementUsers = statementUsers;
    this.one = one;
    this.many = many;
  }

  /** The read {@code start} begins; a read that throws instead of failing its future fails the future. */
  private static <T> Future<T> started(Supplier<Future<T>> start) {
    try {
      return start.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private record Waiting(String userId, Promise<ProfileSnapshot> promise) {
  }

  /** The parts asked for of the user's profile: read with the others asked for in this turn of the event loop. */
  Future<ProfileSnapshot> read(String userId, Set<ProfilePart> parts) {
    Promise<ProfileSnapshot> promise = Promise.promise();
    boolean schedule;
    synchronized (this) {
      waiting.computeIfAbsent(Set.copyOf(parts), key -> new ArrayList<>()).add(new Waiting(userId, promise));
      schedule = !sendScheduled;
      sendScheduled = true;
    }
    if (schedule) {
      endOfTurn.execute(() -> {
        synchronized (this) {
          sendScheduled = false;
        }
        send();
      });
    }
    return promise.future();
  }

  /**
   * While fewer than the most statements are out, the longest-waiting group goes out (up to {@link #MAX_BATCH} users).
   */
  private void send() {
    while (true) {
      Set<ProfilePart> parts;
      List<Waiting> batch;
      synchronized (this) {
        Iterator<Map.Entry<Set<ProfilePart>, List<Waiting>>> groups = waiting.entrySet().iterator();
        if (out >= statements || !groups.hasNext()) {
          return;
        }
        out++;
        Map.Entry<Set<ProfilePart>, List<Waiting>> group = groups.next();
        parts = group.getKey();
        List<Waiting> all = group.getValue();
        if (all.size() <= MAX_BATCH) {
          groups.remove();
          batch = all;
        } else {
          List<Waiting> first = all.subList(0, MAX_BATCH);
          batch = new ArrayList<>(first);
          first.clear();
        }
      }
      send(parts, batch);
    }
  }

  /** One statement for the users of {@code batch}; when it comes back, its slot goes to the reads waiting then. */
  private void send(Set<ProfilePart> parts, List<Waiting> batch) {
    Set<String> users = new LinkedHashSet<>();
    for (Waiting read : batch) {
      users.add(read.userId());
    }
    statementUsers.accept(users.size());
    String alone = users.size() == 1 ? users.iterator().next() : null;
    Future<Map<String, ProfileSnapshot>> read = started(() -> alone != null
      ? one.apply(alone, parts).map(snapshot -> Map.of(alone, snapshot))
      : many.apply(users, parts));
    read.onComplete(result -> {
      synchronized (this) {
        out--;
      }
      for (Waiting waiter : batch) {
        if (result.failed()) {
          waiter.promise().fail(result.cause());
        } else {
          ProfileSnapshot snapshot = result.result().get(waiter.userId());
          if (snapshot == null) {
            waiter.promise().fail(new IllegalStateException("the profile read of " + users.size()
              + " users returned no row for one of them"));
          } else {
            waiter.promise().complete(snapshot);
          }
        }
      }
      send();
    });
  }
}
