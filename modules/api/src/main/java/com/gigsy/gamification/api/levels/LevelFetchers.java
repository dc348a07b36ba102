package com.gigsy.gamification.api.levels;

import com.gigsy.gamification.api.audit.AuditLog;
import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.auth.Caller;
import com.gigsy.gamification.api.catalog.CatalogReferences;
import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.api.graphql.Ids;
import com.gigsy.gamification.api.graphql.Property;
import com.gigsy.gamification.api.profile.ProfileSnapshot;
import com.gigsy.gamification.api.profile.ProfileSnapshots;
import com.gigsy.gamification.core.Addresses;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Map;
import java.util.function.Function;

/**
 * Levels (CONTRACT §8): the {@code levels} query, the admin's {@code createLevel}, {@code updateLevel} and
 * {@code deleteLevel} (audited; a level created or lowered is awarded to the users already there by a background
 * job), the fields of {@code Level}, and the profile's {@code level}, {@code nextLevel} and {@code pointsToNextLevel}
 * (read with the profile's other fields, one statement per profile and request: {@code ProfileSnapshots}).
 * Reaching a level is recorded by the engine (and by adjustments): once per user and level.
 */
public final class LevelFetchers {

  static final int MAX_NAME_LENGTH = 100;

  /** A checked {@code LevelInput}. */
  record LevelInput(String name, long minPoints, Long badgeId, Long titleId) {

    Tuple tuple() {
      return Tuple.tuple().addString(name).addLong(minPoints).addLong(badgeId).addLong(titleId);
    }
  }

  private final LevelRepository levels;
  private final ProfileSnapshots profiles;
  private final AuditLog audit;
  private final EventBus eventBus;

  public LevelFetchers(SqlClient client, AuditLog audit, EventBus eventBus, ProfileSnapshots profiles) {
    this.levels = new LevelRepository(client);
    this.profiles = profiles;
    this.audit = audit;
    this.eventBus = eventBus;
  }

  public void wire(RuntimeWiring.Builder wiring) {
    wiring
      .type(TypeRuntimeWiring.newTypeWiring("Query")
        .dataFetcher("levels", env -> levels.all()))
      .type(TypeRuntimeWiring.newTypeWiring("Mutation")
        .dataFetcher("createLevel", createLevel())
        .dataFetcher("updateLevel", updateLevel())
        .dataFetcher("deleteLevel", deleteLevel()))
      .type(TypeRuntimeWiring.newTypeWiring("GamificationProfile")
        .dataFetcher("level", standing(standing -> level(standing.level())))
        .dataFetcher("nextLevel", standing(standing -> level(standing.next())))
        .dataFetcher("pointsToNextLevel", standing(ProfileSnapshot.Standing::pointsToNext)))
      .type(TypeRuntimeWiring.newTypeWiring("Level")
        .dataFetcher("id", Property.of(Level.class, Level::id))
        .dataFetcher("name", Property.of(Level.class, Level::name))
        .dataFetcher("minPoints", Property.of(Level.class, Level::minPoints))
        .dataFetcher("badge", CatalogReferences.badge(Level.class, Level::badgeId))
        .dataFetcher("title", CatalogReferences.title(Level.class, Level::titleId)));
  }

  /** A field of the user's standing, read with the profile's other fields (one statement per profile and request). */
  private <T> DataFetcher<Future<T>> standing(Function<ProfileSnapshot.Standing, T> field) {
    return env -> profiles.of(env).map(snapshot -> field.apply(snapshot.standing()));
  }

  private static Level level(ProfileSnapshot.LevelRow row) {
    return row == null ? null : new Level(row.id(), row.name(), row.minPoints(), row.badgeId(), row.titleId());
  }

  private DataFetcher<Future<Level>> createLevel() {
    return env -> {
      Caller admin = Access.requireAdmin(env);
      LevelInput input = input(env);
      return audit.recorded(env, conn -> levels.create(conn, input, admin.userId())).onSuccess(level -> jobQueued());
    };
  }

  private DataFetcher<Future<Level>> updateLevel() {
    return env -> {
      Caller admin = Access.requireAdmin(env);
      long id = Ids.parse(env.getArgument("id"), "id", "Level");
      LevelInput input = input(env);
      return audit.recorded(env, conn -> levels.update(conn, id, input, admin.userId()))
        .map(level -> {
          if (level == null) {
            throw Ids.notFound("id", "Level", env.getArgument("id"));
          }
          jobQueued();
          return level;
        });
    };
  }

  private DataFetcher<Future<Boolean>> deleteLevel() {
    return env -> {
      Access.requireAdmin(env);
      long id = Ids.parse(env.getArgument("id"), "id", "Level");
      return audit.recorded(env, conn -> levels.delete(conn, id)).map(found -> {
        if (!found) {
          throw Ids.notFound("id", "Level", env.getArgument("id"));
        }
        return true;
      });
    };
  }

  /** Wakes the job runners of this process (the others find the job at their next poll). */
  private void jobQueued() {
    eventBus.publish(Addresses.JOB_CREATED, null);
  }

  private static LevelInput input(DataFetchingEnvironment env) {
    Map<String, Object> input = env.getArgument("input");
    String name = (String) input.get("name");
    if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH
      || name.chars().anyMatch(c -> c < 0x20)) {
      throw ApiException.badUserInput("input.name", "must be 1 to " + MAX_NAME_LENGTH
        + " characters, not blank, without control characters");
    }
    Object minPoints = input.get("minPoints");
    long min = minPoints instanceof Number number ? number.longValue() : -1;
    if (min < 0) {
      throw ApiException.badUserInput("input.minPoints", "must be 0 or more, got " + minPoints);
    }
    return new LevelInput(name, min, optionalId(input, "badgeId", "Badge"), optionalId(input, "titleId", "Title"));
  }

  private static Long optionalId(Map<String, Object> input, String field, String kind) {
    Object id = input.get(field);
    return id == null ? null : Ids.parse(id, "input." + field, kind);
  }
}
