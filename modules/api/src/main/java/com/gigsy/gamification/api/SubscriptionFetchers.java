package com.gigsy.gamification.api;

import com.gigsy.gamification.core.RewardMessage;
import graphql.schema.DataFetcher;
import org.reactivestreams.Publisher;

/** The fields of {@code type Subscription}, served over {@code graphql-transport-ws}. */
final class SubscriptionFetchers {

  private final RewardsFeed feed;

  SubscriptionFetchers(RewardsFeed feed) {
    this.feed = feed;
  }

  /** The user's rewards from now on: your own, or anyone's for an admin (else FORBIDDEN). */
  DataFetcher<Publisher<RewardMessage>> rewardGranted() {
    return env -> {
      String userId = Arguments.userId(env, "userId");
      Access.requireSelfOrAdmin(env, userId);
      return feed.subscribe(userId);
    };
  }
}
