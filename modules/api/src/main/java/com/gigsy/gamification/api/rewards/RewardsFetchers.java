package com.gigsy.gamification.api.rewards;

import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.api.graphql.Property;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.RewardMessage;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.reactivestreams.Publisher;

/**
 * The rewards as they are granted: {@code Subscription.rewardGranted}, served over {@code graphql-transport-ws}
 * from the {@link RewardsFeed}, and the fields of {@code Reward}.
 */
public final class RewardsFetchers {

  private final RewardsFeed feed;

  private RewardsFetchers(RewardsFeed feed) {
    this.feed = feed;
  }

  /** Starts reading the rewards topic ({@link RewardsFeed#start}); {@link #close()} stops. */
  public static Future<RewardsFetchers> start(Vertx vertx, GamificationConfig config) {
    return RewardsFeed.start(vertx, config).map(RewardsFetchers::new);
  }

  /** Completes the open subscriptions and stops reading the rewards topic. */
  public Future<Void> close() {
    return feed.close();
  }

  public void wire(RuntimeWiring.Builder wiring) {
    wiring
      .type(TypeRuntimeWiring.newTypeWiring("Subscription")
        .dataFetcher("rewardGranted", rewardGranted()))
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
        .dataFetcher("awardedAt", Property.of(RewardMessage.class, RewardMessage::awardedAt)));
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
