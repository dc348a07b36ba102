package com.gigsy.gamification.api.rewards;

import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.api.graphql.Page;
import com.gigsy.gamification.api.graphql.Property;
import com.gigsy.gamification.api.rewards.RewardHistoryRepository.RewardPage;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.RewardMessage;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import org.reactivestreams.Publisher;

/**
 * The rewards of a user: as they are granted, {@code Subscription.rewardGranted}, served over
 * {@code graphql-transport-ws} from the {@link RewardsFeed}; and afterwards, {@code Query.rewards}, the same records
 * read back from the database ({@link RewardHistoryRepository}); the fields of {@code Reward} and
 * {@code RewardConnection}.
 */
public final class RewardsFetchers {

  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;

  private final RewardsFeed feed;
  private final RewardHistoryRepository history;

  private RewardsFetchers(RewardsFeed feed, SqlClient client) {
    this.feed = feed;
    this.history = new RewardHistoryRepository(client);
  }

  /** Starts reading the rewards topic ({@link RewardsFeed#start}); {@link #close()} stops. */
  public static Future<RewardsFetchers> start(Vertx vertx, GamificationConfig config, SqlClient client) {
    return RewardsFeed.start(vertx, config).map(feed -> new RewardsFetchers(feed, client));
  }

  /** Completes the open subscriptions and stops reading the rewards topic. */
  public Future<Void> close() {
    return feed.close();
  }

  public void wire(RuntimeWiring.Builder wiring) {
    wiring
      .type(TypeRuntimeWiring.newTypeWiring("Subscription")
        .dataFetcher("rewardGranted", rewardGranted()))
      .type(TypeRuntimeWiring.newTypeWiring("Query")
        .dataFetcher("rewards", rewards()))
      .type(TypeRuntimeWiring.newTypeWiring("RewardConnection")
        .dataFetcher("entries", Property.of(RewardPage.class, RewardPage::entries))
        .dataFetcher("pageInfo", Property.of(RewardPage.class, page -> page)))
      .type(TypeRuntimeWiring.newTypeWiring("Reward")
        .dataFetcher("rewardId", Property.of(RewardMessage.class, RewardMessage::rewardId))
        .dataFetcher("type", Property.of(RewardMessage.class, RewardMessage::type))
        .dataFetcher("userId", Property.of(RewardMessage.class, RewardMessage::userId))
        .dataFetcher("ruleId", Property.of(RewardMessage.class, RewardMessage::ruleId))
        .dataFetcher("eventId", Property.of(RewardMessage.class, RewardMessage::eventId))
        .dataFetcher("relatedEntityId", Property.of(RewardMessage.class, RewardMessage::relatedEntityId))
        .dataFetcher("points", Property.of(RewardMessage.class, RewardMessage::points))
        .dataFetcher("badgeId", Property.of(RewardMessage.class, RewardMessage::badgeId))
        .dataFetcher("titleId", Property.of(RewardMessage.class, RewardMessage::titleId))
        .dataFetcher("awardedAt", Property.of(RewardMessage.class, RewardMessage::awardedAt))
        .dataFetcher("kind", Property.of(RewardMessage.class, RewardMessage::kind))
        .dataFetcher("levelId", Property.of(RewardMessage.class, RewardMessage::levelId)));
  }

  /** The user's past rewards, newest first: your own, or anyone's for an admin (else FORBIDDEN). */
  private DataFetcher<Future<RewardPage>> rewards() {
    return env -> {
      String userId = Arguments.userId(env, "userId");
      Access.requireSelfOrAdmin(env, userId);
      int first = Arguments.pageSize(env, "first", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      String after = env.getArgument("after");
      long before = after == null ? Long.MAX_VALUE : Page.position(RewardHistoryRepository.CURSOR_KIND, after, "after");
      return history.page(userId, before, first);
    };
  }

  /** The user's rewards from now on: your own, or anyone's for an admin (else FORBIDDEN). */
  private DataFetcher<Publisher<RewardMessage>> rewardGranted() {
    return env -> {
      String userId = Arguments.userId(env, "userId");
      Access.requireSelfOrAdmin(env, userId);
      return feed.subscribe(userId);
    };
  }
}
