package com.gigsy.gamification.api.profile;

import com.gigsy.gamification.api.audit.AuditLog;
import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.auth.Caller;
import com.gigsy.gamification.api.catalog.CatalogReferences;
import com.gigsy.gamification.api.catalog.Title;
import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.api.graphql.ErrorCode;
import com.gigsy.gamification.api.graphql.Ids;
import com.gigsy.gamification.api.graphql.Property;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * A user's profile: {@code gamificationProfile} for any signed-in caller, the caller's own {@code equipTitle} and
 * {@code unequipTitle}, and the fields of {@code GamificationProfile} (but {@code rank}, which the leaderboard
 * wires), {@code UserBadge}, {@code UserTitle}, {@code MilestoneProgress} and {@code StreakProgress}. Every field
 * of one profile that the database answers comes from one statement ({@link ProfileSnapshots}), which reads only the
 * parts the query selects; the badges and titles held come with it (primed into the request's loaders), the rules
 * inside are resolved in batches by {@link CatalogReferences}.
 */
public final class ProfileFetchers {

  static final int MAX_REASON_LENGTH = 1000;

  private final ProfileSnapshots snapshots;
  private final TitleEquipmentRepository titles;
  private final RevocationRepository revocations = new RevocationRepository();
  private final AuditLog audit;

  /**
   * @param poolSize       the most connections {@code pool} opens
   * @param endOfTurn      runs a task once the api's event loop has handled the events of its current round
   * @param statementUsers told the number of users of each profile statement that goes out (a meter)
   */
  public ProfileFetchers(Pool pool, int poolSize, Executor endOfTurn, IntConsumer statementUsers, AuditLog audit) {
    this.snapshots = new ProfileSnapshots(pool, poolSize, endOfTurn, statementUsers);
    this.titles = new TitleEquipmentRepository(pool);
    this.audit = audit;
  }

  /** The one read per profile and request, for the other domains that wire fields of {@code GamificationProfile}. */
  public ProfileSnapshots snapshots() {
    return snapshots;
  }

  public void wire(RuntimeWiring.Builder wiring) {
    wiring
      .type(TypeRuntimeWiring.newTypeWiring("Query")
        .dataFetcher("gamificationProfile", gamificationProfile()))
      .type(TypeRuntimeWiring.newTypeWiring("Mutation")
        .dataFetcher("equipTitle", equipTitle())
        .dataFetcher("unequipTitle", unequipTitle())
        .dataFetcher("revokeBadge", revoke(RevocationRepository.Award.BADGE))
        .dataFetcher("revokeTitle", revoke(RevocationRepository.Award.TITLE)))
      .type(TypeRuntimeWiring.newTypeWiring("GamificationProfile")
        .dataFetcher("userId", Property.of(Profile.class, Profile::userId))
        .dataFetcher("totalPoints", totalPoints())
        .dataFetcher("badges", badges())
        .dataFetcher("titles", titles())
        .dataFetcher("equippedTitle", equippedTitle())
        .dataFetcher("milestones", milestones())
        .dataFetcher("streaks", streaks()))
      .type(TypeRuntimeWiring.newTypeWiring("UserBadge")
        .dataFetcher("badge", CatalogReferences.badge(UserBadge.class, UserBadge::badgeId))
        .dataFetcher("awardedAt", Property.of(UserBadge.class, UserBadge::awardedAt))
        .dataFetcher("rule", CatalogReferences.rule(UserBadge.class, UserBadge::ruleId))
        .dataFetcher("eventId", Property.of(UserBadge.class, UserBadge::eventId)))
      .type(TypeRuntimeWiring.newTypeWiring("UserTitle")
        .dataFetcher("title", CatalogReferences.title(UserTitle.class, UserTitle::titleId))
        .dataFetcher("isEquipped", Property.of(UserTitle.class, UserTitle::isEquipped))
        .dataFetcher("awardedAt", Property.of(UserTitle.class, UserTitle::awardedAt))
        .dataFetcher("rule", CatalogReferences.rule(UserTitle.class, UserTitle::ruleId))
        .dataFetcher("eventId", Property.of(UserTitle.class, UserTitle::eventId)))
      .type(TypeRuntimeWiring.newTypeWiring("MilestoneProgress")
        .dataFetcher("rule", CatalogReferences.rule(MilestoneProgress.class, MilestoneProgress::ruleId))
        .dataFetcher("count", Property.of(MilestoneProgress.class, MilestoneProgress::count))
        .dataFetcher("threshold", Property.of(MilestoneProgress.class, MilestoneProgress::threshold))
        .dataFetcher("completedAt", Property.of(MilestoneProgress.class, MilestoneProgress::completedAt)))
      .type(TypeRuntimeWiring.newTypeWiring("StreakProgress")
        .dataFetcher("rule", CatalogReferences.rule(StreakProgress.class, StreakProgress::ruleId))
        .dataFetcher("current", Property.of(StreakProgress.class, StreakProgress::current))
        .dataFetcher("longest", Property.of(StreakProgress.class, StreakProgress::longest))
        .dataFetcher("lastPeriodStart", Property.of(StreakProgress.class, StreakProgress::lastPeriodStart)));
  }

  /** Any user id has a profile; its fields are read from the database only when selected. */
  private DataFetcher<Future<Profile>> gamificationProfile() {
    return env -> Future.succeededFuture(new Profile(Arguments.userId(env, "userId")));
  }

  /** One of the caller's own titles; a title they do not hold (or that does not exist) is NOT_FOUND. */
  private DataFetcher<Future<Profile>> equipTitle() {
    return env -> {
      Caller caller = Caller.of(env);
      long titleId = Ids.parse(env.getArgument("titleId"), "titleId", "Title");
      return titles.equip(caller.userId(), titleId).map(held -> {
        if (!held) {
          throw new ApiException(ErrorCode.NOT_FOUND, "Title '" + titleId + "' (argument 'titleId') is not one of your titles");
        }
        return new Profile(caller.userId());
      });
    };
  }

  private DataFetcher<Future<Profile>> unequipTitle() {
    return env -> {
      Caller caller = Caller.of(env);
      return titles.unequipAll(caller.userId()).map(v -> new Profile(caller.userId()));
    };
  }

  /** Admin: removes an award the user holds (NOT_FOUND otherwise), publishing its revocation; audited. */
  private DataFetcher<Future<Profile>> revoke(RevocationRepository.Award award) {
    return env -> {
      Caller admin = Access.requireAdmin(env);
      String userId = Arguments.userId(env, "userId");
      String argument = award.argument();
      long id = Ids.parse(env.getArgument(argument), argument, award.kind());
      String reason = Arguments.text(env, "reason", MAX_REASON_LENGTH);
      return audit.recorded(env, conn -> revocations.revoke(conn, award, userId, id, admin.userId(), reason))
        .map(revoked -> {
          if (!revoked) {
            throw new ApiException(ErrorCode.NOT_FOUND, award.kind() + " '" + id + "' (argument '" + argument
              + "') is not one " + userId + " holds");
          }
          return new Profile(userId);
        });
    };
  }

  private DataFetcher<Future<Long>> totalPoints() {
    return env -> snapshots.of(env).map(ProfileSnapshot::totalPoints);
  }

  /** The awards; the badges they point at were read with them, so the request's loader need not read them again. */
  private DataFetcher<Future<List<UserBadge>>> badges() {
    return env -> snapshots.of(env).map(snapshot -> snapshot.badges().stream().map(held -> {
      if (held.badge() != null) {
        CatalogReferences.known(env, held.badge());
      }
      return held.award();
    }).toList());
  }

  private DataFetcher<Future<List<UserTitle>>> titles() {
    return env -> snapshots.of(env).map(snapshot -> snapshot.titles().stream().map(held -> {
      if (held.title() != null) {
        CatalogReferences.known(env, held.title());
      }
      return held.award();
    }).toList());
  }

  private DataFetcher<Future<Title>> equippedTitle() {
    return env -> snapshots.of(env).map(ProfileSnapshot::equippedTitle);
  }

  private DataFetcher<Future<List<MilestoneProgress>>> milestones() {
    return env -> snapshots.of(env).map(ProfileSnapshot::milestones);
  }

  private DataFetcher<Future<List<StreakProgress>>> streaks() {
    return env -> snapshots.of(env).map(ProfileSnapshot::streaks);
  }
}
