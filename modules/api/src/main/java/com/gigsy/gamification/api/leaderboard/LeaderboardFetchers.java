package com.gigsy.gamification.api.leaderboard;

import com.gigsy.gamification.api.audit.AuditLog;
import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.auth.Caller;
import com.gigsy.gamification.api.graphql.AnswerCache;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.api.graphql.Property;
import com.gigsy.gamification.api.profile.Profile;
import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.LeaderboardWindow;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.SqlClient;


/**
 * The leaderboard fields: {@code leaderboard} and {@code leaderboardAround} for any signed-in caller,
 * {@code GamificationProfile.rank}, and the admin's {@code recomputeLeaderboard}, {@code setLeaderboardExclusion}
 * and {@code totalsReconciliation}; the fields of {@code Leaderboard}, {@code LeaderboardEntry},
 * {@code TotalsReconciliation} and {@code TotalsDifference}. Everything is read from the precomputed snapshot, never
 * aggregated on request; the top of each board from this instance's copy of it.
 * <p>
 * A copy is forgotten before its recheck ({@link BoardTops#RECHECK}) in one way only: when this verticle hears
 * {@link Addresses#LEADERBOARD_CHANGED}, which an api verticle of this process publishes after it recomputed the
 * boards or changed the exclusions, and which reaches every api verticle of the process, the sender included.
 */
public final class LeaderboardFetchers {

  /** How long {@code recomputeLeaderboard} waits for the leaderboard role. */
  static final long RECOMPUTE_TIMEOUT_MS = 60_000;

  /** The SDL default of {@code leaderboard(limit:)}. */
  static final int DEFAULT_LIMIT = 100;

  /** The SDL default of {@code leaderboardAround(radius:)} and the largest radius allowed. */
  static final int DEFAULT_RADIUS = 5;
  static final int MAX_RADIUS = 100;

  /** The SDL default of {@code totalsReconciliation(limit:)} and the most differences one call lists. */
  static final int DEFAULT_DIFFERENCES = 100;
  static final int MAX_DIFFERENCES = 1000;

  private final EventBus eventBus;
  private final AuditLog audit;
  private final LeaderboardRepository boards;
  private final BoardTops tops;
  private final Ranks ranks;
  private final ReconciliationRepository reconciliation;
  private final int leaderboardSize;
  private final MessageConsumer<Object> changes;
  /** Completed, and replaced, when this verticle next hears {@code LEADERBOARD_CHANGED}; guarded by this. */
  private Promise<Void> nextChange = Promise.promise();

  /**
   * Starts listening to {@code LEADERBOARD_CHANGED} until {@link #close()}.
   *
   * @param boardsClient the connections of the leaderboard reads (they reuse one generic plan per statement)
   * @param client       the other connections of this verticle
   */
  public LeaderboardFetchers(EventBus eventBus, SqlClient boardsClient, SqlClient client, AuditLog audit,
                             int leaderboardSize) {
    this.eventBus = eventBus;
    this.audit = audit;
    this.boards = new LeaderboardRepository(boardsClient);
    this.tops = new BoardTops(boards, leaderboardSize);
    this.ranks = new Ranks(boards, tops);
    this.reconciliation = new ReconciliationRepository(client);
    this.leaderboardSize = leaderboardSize;
    this.changes = eventBus.localConsumer(Addresses.LEADERBOARD_CHANGED, message -> heardChange());
  }

  /**
   * The statement that reads the top of a board ($1: the window's name, $2: the limit), which {@code leaderboard}
   * answers from this instance's copy of it: for the benchmark, which runs it raw beside the GraphQL reads.
   */
  public static String topStatement() {
    return LeaderboardRepository.TOP;
  }

  /** The statement of {@code GamificationProfile.rank} ($1: the user): for the benchmark, which runs it raw. */
  public static String rankStatement() {
    return LeaderboardRepository.RANK;
  }

  /**
   * The answers that can be rendered once per board version ({@link AnswerCache}): those of queries that read only
   * {@code leaderboard} — the same for every signed-in caller, and changed only by a new computation or exclusion,
   * which is what {@link BoardTops#version()} follows.
   */
  public AnswerCache.Source answers() {
    return new AnswerCache.Source(LeaderboardFetchers::boardsOnly, tops::version);
  }

  /**
   * Whether a document is one query whose every root field is {@code leaderboard}, selecting fields only: no
   * fragments (whose type conditions could reach elsewhere) and no directives (whose variables could change the shape).
   */
  static boolean boardsOnly(Document document) {
    if (document.getDefinitions().size() != 1
      || !(document.getDefinitions().get(0) instanceof OperationDefinition operation)
      || operation.getOperation() != OperationDefinition.Operation.QUERY || !operation.getDirectives().isEmpty()
      || operation.getVariableDefinitions().stream().anyMatch(variable -> !variable.getDirectives().isEmpty())) {
      return false;
    }
    return operation.getSelectionSet().getSelections().stream()
        .allMatch(selection -> selection instanceof Field field && "leaderboard".equals(field.getName()))
      && fieldsOnly(operation.getSelectionSet());
  }

  private static boolean fieldsOnly(SelectionSet selections) {
    for (Selection<?> selection : selections.getSelections()) {
      if (!(selection instanceof Field field) || !field.getDirectives().isEmpty()
        || field.getSelectionSet() != null && !fieldsOnly(field.getSelectionSet())) {
        return false;
      }
    }
    return true;
  }

  /** Stops listening to {@code LEADERBOARD_CHANGED}. */
  public Future<Void> close() {
    return changes.unregister();
  }

  public void wire(RuntimeWiring.Builder wiring) {
    wiring
      .type(TypeRuntimeWiring.newTypeWiring("Query")
        .dataFetcher("leaderboard", leaderboard())
        .dataFetcher("leaderboardAround", leaderboardAround())
        .dataFetcher("totalsReconciliation", totalsReconciliation()))
      .type(TypeRuntimeWiring.newTypeWiring("Mutation")
        .dataFetcher("recomputeLeaderboard", recomputeLeaderboard())
        .dataFetcher("setLeaderboardExclusion", setLeaderboardExclusion()))
      .type(TypeRuntimeWiring.newTypeWiring("GamificationProfile")
        .dataFetcher("rank", rank()))
      .type(TypeRuntimeWiring.newTypeWiring("Leaderboard")
        .dataFetcher("computedAt", Property.of(Leaderboard.class, Leaderboard::computedAt))
        .dataFetcher("entries", Property.of(Leaderboard.class, Leaderboard::entries))
        .dataFetcher("periodStart", Property.of(Leaderboard.class, Leaderboard::periodStart)))
      .type(TypeRuntimeWiring.newTypeWiring("TotalsReconciliation")
        .dataFetcher("checkedAt", Property.of(Reconciliation.class, Reconciliation::checkedAt))
        .dataFetcher("consistent", Property.of(Reconciliation.class, Reconciliation::consistent))
        .dataFetcher("differenceCount", Property.of(Reconciliation.class, Reconciliation::differenceCount))
        .dataFetcher("differences", Property.of(Reconciliation.class, Reconciliation::differences)))
      .type(TypeRuntimeWiring.newTypeWiring("TotalsDifference")
        .dataFetcher("userId", Property.of(Reconciliation.Difference.class, Reconciliation.Difference::userId))
        .dataFetcher("window", Property.of(Reconciliation.Difference.class, d -> d.window().name()))
        .dataFetcher("periodStart", Property.of(Reconciliation.Difference.class, Reconciliation.Difference::periodStart))
        .dataFetcher("projectedPoints",
          Property.of(Reconciliation.Difference.class, Reconciliation.Difference::projectedPoints))
        .dataFetcher("loggedPoints", Property.of(Reconciliation.Difference.class, Reconciliation.Difference::loggedPoints)))
      .type(TypeRuntimeWiring.newTypeWiring("LeaderboardEntry")
        .dataFetcher("rank", Property.of(Leaderboard.Entry.class, Leaderboard.Entry::rank))
        .dataFetcher("userId", Property.of(Leaderboard.Entry.class, Leaderboard.Entry::userId))
        .dataFetcher("totalPoints", Property.of(Leaderboard.Entry.class, Leaderboard.Entry::totalPoints)));
  }

  private DataFetcher<Future<Leaderboard>> leaderboard() {
    return this::leaderboard;
  }

  /** The top of a board, from this instance's copy of it ({@link BoardTops}). */
  private Future<Leaderboard> leaderboard(DataFetchingEnvironment env) {
    int limit = Arguments.limit(env, "limit", DEFAULT_LIMIT, leaderboardSize);
    return tops.top(window(env), limit);
  }

  /**
   * Asks the leaderboard role to recompute now; once the computation has committed, answers the top of the new
   * board as the query would (with the defaults, having no arguments).
   */
  private DataFetcher<Future<Leaderboard>> recomputeLeaderboard() {
    return env -> {
      Access.requireAdmin(env);
      return eventBus.request(Addresses.LEADERBOARD_RECOMPUTE, null, new DeliveryOptions().setSendTimeout(RECOMPUTE_TIMEOUT_MS))
        .compose(reply -> audit.after(env))
        .compose(recorded -> boardsChanged())
        .compose(heard -> leaderboard(env));
    };
  }

  /**
   * This verticle changed the boards or the exclusions: tells every api verticle of this process, itself included.
   * Completes once this verticle has heard it (and so forgotten its copy): the answer that follows reads the new state.
   */
  private Future<Void> boardsChanged() {
    Future<Void> heard;
    synchronized (this) {
      heard = nextChange.future();
    }
    eventBus.publish(Addresses.LEADERBOARD_CHANGED, null);
    return heard;
  }

  /** An api verticle of this process, maybe this one, changed the boards or the exclusions: re-read them at the next read. */
  private void heardChange() {
    Promise<Void> heard;
    synchronized (this) {
      heard = nextChange;
      nextChange = Promise.promise();
    }
    tops.invalidate();
    heard.complete();
  }

  private DataFetcher<Future<Leaderboard>> leaderboardAround() {
    return env -> {
      String userId = Arguments.userId(env, "userId");
      int radius = Arguments.intInRange(env, "radius", DEFAULT_RADIUS, 0, MAX_RADIUS);
      return boards.around(window(env), userId, radius);
    };
  }

  /**
   * {@code GamificationProfile.rank}: the all-time rank in the latest computation. Not part of the profile's one
   * statement: the computation is a snapshot of its own, and this lookup, on the leaderboard's connections, reuses a
   * generic plan (in the profile's statement it was planned at every call, partitions and all). Read once per user
   * and version of the boards ({@link Ranks}).
   */
  private DataFetcher<Future<Integer>> rank() {
    return env -> ranks.rank(env.<Profile>getSource().userId());
  }

  private DataFetcher<Future<Profile>> setLeaderboardExclusion() {
    return env -> {
      Caller admin = Access.requireAdmin(env);
      String userId = Arguments.userId(env, "userId");
      boolean excluded = env.getArgument("excluded");
      return audit.recorded(env, conn -> LeaderboardRepository.setExcluded(conn, userId, excluded, admin.userId()))
        .compose(v -> boardsChanged())
        .map(heard -> new Profile(userId));
    };
  }

  private DataFetcher<Future<Reconciliation>> totalsReconciliation() {
    return env -> {
      Access.requireAdmin(env);
      int limit = Arguments.intInRange(env, "limit", DEFAULT_DIFFERENCES, 1, MAX_DIFFERENCES);
      return reconciliation.reconcile(limit);
    };
  }

  /** The {@code window} argument; the SDL's enum admits only known names, and its default is ALL_TIME. */
  private static LeaderboardWindow window(DataFetchingEnvironment env) {
    Object value = env.getArgument("window");
    return value == null ? LeaderboardWindow.ALL_TIME : LeaderboardWindow.valueOf(value.toString());
  }
}
