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
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The profile reads of one api instance, at most a given number of statements out at once: a read that finds that many
 * out waits, and the reads that waited for the same parts go out together, as one statement for all their users
 * ({@link ProfileRepository#snapshots}), when a statement comes back.
 * <p>
 * Under a light load every read goes out alone at once. Under a heavy one, the reads that would have gone out one
 * beside the other share a statement: each costs PostgreSQL (parse, bind, execute, the round trip, the wake-up of its
 * backend) and the service (a write and a read on the socket) once for the batch. Every user's snapshot still comes from one
 * statement, so the fields of a profile agree with each other; the users of a batch are read at the same moment.
 * <p>
 * Thread-safe: the state is guarded by this object, and no read completes while it is held.
 */
final class ProfileReads {

  /** Most users one statement reads: the reads waiting beyond it go out with the next. */
  static final int MAX_BATCH = 64;

  private final int statements;
  private final IntConsumer statementUsers;
  private final BiFunction<String, Set<ProfilePart>, Future<ProfileSnapshot>> one;
  private final BiFunction<Collection<String>, Set<ProfilePart>, Future<Map<String, ProfileSnapshot>>> many;
  /** The reads that found every statement slot taken, by the parts they ask for; the group waiting longest first. */
  private final Map<Set<ProfilePart>, List<Waiting>> waiting = new LinkedHashMap<>();
  private int out;

  /**
   * @param statements     the most statements out at once (at most the pool's size)
   * @param statementUsers told the number of users of each statement that goes out (a meter)
   * @param one            reads one user's profile ({@link ProfileRepository#snapshot})
   * @param many           reads several users' profiles in one statement ({@link ProfileRepository#snapshots})
   */
  ProfileReads(int statements, IntConsumer statementUsers,
               BiFunction<String, Set<ProfilePart>, Future<ProfileSnapshot>> one,
               BiFunction<Collection<String>, Set<ProfilePart>, Future<Map<String, ProfileSnapshot>>> many) {
    if (statements < 1) {
      throw new IllegalArgumentException("statements must be at least 1, was " + statements);
    }
    this.statements = statements;
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

  /** The parts asked for of the user's profile: read at once while a statement slot is free, else with the next batch. */
  Future<ProfileSnapshot> read(String userId, Set<ProfilePart> parts) {
    Promise<ProfileSnapshot> promise;
    synchronized (this) {
      if (out < statements) {
        out++;
        promise = null;
      } else {
        promise = Promise.promise();
        waiting.computeIfAbsent(Set.copyOf(parts), key -> new ArrayList<>()).add(new Waiting(userId, promise));
      }
    }
    if (promise != null) {
      return promise.future();
    }
    statementUsers.accept(1);
    return started(() -> one.apply(userId, parts)).andThen(done -> next());
  }

  /** A read came back: the longest-waiting group goes out (up to {@link #MAX_BATCH} users), or the slot is freed. */
  private void next() {
    Set<ProfilePart> parts;
    List<Waiting> batch;
    synchronized (this) {
      Iterator<Map.Entry<Set<ProfilePart>, List<Waiting>>> groups = waiting.entrySet().iterator();
      if (!groups.hasNext()) {
        out--;
        return;
      }
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
      next();
    });
  }
}
