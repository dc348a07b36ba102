package com.gigsy.gamification.api.profile;

import graphql.execution.ExecutionStepInfo;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Collection;

/**
 * The one read of a {@code GamificationProfile} per request: the first of its fields to resolve reads every part that
 * the query selects of that profile ({@link ProfilePart#selected}) in one statement, and the others resolve from the
 * same answer, kept in the request's GraphQL context. So the fields of one profile always agree with each other, and
 * a profile asked only for its {@code totalPoints} reads nothing else.
 */
public final class ProfileSnapshots {

  private final ProfileRepository profiles;

  public ProfileSnapshots(SqlClient client) {
    this.profiles = new ProfileRepository(client);
  }

  /** The snapshot of the profile whose field {@code env} resolves (its source is a {@link Profile}). */
  public Future<ProfileSnapshot> of(DataFetchingEnvironment env) {
    String userId = env.<Profile>getSource().userId();
    ExecutionStepInfo profile = env.getExecutionStepInfo().getParent();
    return env.getGraphQlContext().computeIfAbsent("profile-snapshot:" + profile.getPath() + ":" + userId,
      key -> profiles.snapshot(userId, ProfilePart.selected(profile.getField().getFields(), env.getFragmentsByName())));
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
