package com.gigsy.gamification.api.profile;

import graphql.execution.ExecutionStepInfo;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Collection;
import java.util.function.IntConsumer;

/**
 * The one read of a {@code GamificationProfile} per request: the first of its fields to resolve reads every part that
 * the query selects of that profile ({@link ProfilePart#selected}) in one statement, and the others resolve from the
 * same answer, kept in the request's GraphQL context. So the fields of one profile always agree with each other, and
 * a profile asked only for its {@code totalPoints} reads nothing else. Reads of several requests that arrive while
 * {@link #STATEMENTS_OUT} profile statements are out go out together, when one comes back ({@link ProfileReads}).
 */
public final class ProfileSnapshots {

  /**
   * Profile statements one api instance has out at once (the instances scale with the cores,
   * {@code GAMIFICATION_API_INSTANCES}). More only queue in PostgreSQL's CPUs beside each other, each paying its own
   * round trip, wake-up and execution; fewer make the reads that arrive meanwhile share the next statement. It used to
   * be the pool's size (4 connections per instance by default): at 8 closed-loop profile clients on 2 cores every read
   * went out alone, and the machine spent 312–352 µs of CPU per request (p99 6.1–7.8 ms, 4 runs); with one, 1.5
   * profiles per statement and 223–317 µs (p99 4.6–6.3 ms, 6 runs interleaved with them); with two, 1.1 and 280–378 µs
   * (issue 15).
   */
  static final int STATEMENTS_OUT = 1;

  private final ProfileReads reads;

  /** @param statementUsers told the number of users of each statement that goes out (a meter) */
  public ProfileSnapshots(SqlClient client, IntConsumer statementUsers) {
    ProfileRepository profiles = new ProfileRepository(client);
    this.reads = new ProfileReads(STATEMENTS_OUT, statementUsers, profiles::snapshot, profiles::snapshots);
  }

  /** The snapshot of the profile whose field {@code env} resolves (its source is a {@link Profile}). */
  public Future<ProfileSnapshot> of(DataFetchingEnvironment env) {
    String userId = env.<Profile>getSource().userId();
    ExecutionStepInfo profile = env.getExecutionStepInfo().getParent();
    return env.getGraphQlContext().computeIfAbsent("profile-snapshot:" + profile.getPath() + ":" + userId,
      key -> reads.read(userId, ProfilePart.selected(profile.getField().getFields(), env.getFragmentsByName())));
  }

  /**
   * The statement that answers a profile asked for these fields of {@code GamificationProfile}: for the benchmark, which
   * runs it raw beside the GraphQL reads.
   */
  public static String statement(Collection<String> fields) {
    return ProfileRepository.statement(ProfilePart.of(fields));
  }

  /** The arguments of {@link #statement} for the profile of {@code userId}. */
  public static Tuple arguments(String userId) {
    return Tuple.of(userId);
  }
}
