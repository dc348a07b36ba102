package com.gigsy.gamification.api.profile;

import graphql.execution.ExecutionStepInfo;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Collection;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * The one read of a {@code GamificationProfile} per request: the first of its fields to resolve reads every part that
 * the query selects of that profile ({@link ProfilePart#selected}) in one statement, and the others resolve from the
 * same answer, kept in the request's GraphQL context. So the fields of one profile always agree with each other, and
 * a profile asked only for its {@code totalPoints} reads nothing else. Reads of several requests asked for in one
 * turn of the event loop, or while every connection is busy, go out together ({@link ProfileReads}).
 */
public final class ProfileSnapshots {

  private final ProfileReads reads;

  /**
   * @param connections    the most reads out at once (the size of the pool {@code client} is)
   * @param endOfTurn      runs a task once the event loop of the reads has handled the events of its current round
   * @param statementUsers told the number of users of each statement that goes out (a meter)
   */
  public ProfileSnapshots(SqlClient client, int connections, Executor endOfTurn, IntConsumer statementUsers) {
    ProfileRepository profiles = new ProfileRepository(client);
    this.reads = new ProfileReads(connections, endOfTurn, statementUsers, profiles::snapshot, profiles::snapshots);
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
