package com.gigsy.gamification.api.catalog;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Fields that point at a badge or a title by id ({@code UserBadge.badge}, {@code UserTitle.title},
 * {@code GamificationRule.badge} and {@code .title}, {@code PointsEntry.rule}): resolved through the request's loaders, so
 * all the ids of one level are fetched in one statement.
 */
public final class CatalogReferences {

  private CatalogReferences() {
  }

  /** A fetcher of the badge whose id the source holds; null when the source holds none. */
  public static <S> DataFetcher<CompletableFuture<Badge>> badge(Class<S> source, Function<S, Long> badgeId) {
    return env -> load(env, CatalogLoaders.BADGES, badgeId.apply(source.cast(env.getSource())));
  }

  /** A fetcher of the title whose id the source holds; null when the source holds none. */
  public static <S> DataFetcher<CompletableFuture<Title>> title(Class<S> source, Function<S, Long> titleId) {
    return env -> load(env, CatalogLoaders.TITLES, titleId.apply(source.cast(env.getSource())));
  }

  /** A fetcher of the rule whose id the source holds. */
  public static <S> DataFetcher<CompletableFuture<Rule>> rule(Class<S> source, Function<S, Long> ruleId) {
    return env -> load(env, CatalogLoaders.RULES, ruleId.apply(source.cast(env.getSource())));
  }

  /** A badge read with what points at it: the request's loader answers it without a statement. */
  public static void known(DataFetchingEnvironment env, Badge badge) {
    env.<Long, Badge>getDataLoader(CatalogLoaders.BADGES).prime(badge.id(), badge);
  }

  /** A title read with what points at it: the request's loader answers it without a statement. */
  public static void known(DataFetchingEnvironment env, Title title) {
    env.<Long, Title>getDataLoader(CatalogLoaders.TITLES).prime(title.id(), title);
  }

  private static <V> CompletableFuture<V> load(DataFetchingEnvironment env, String loaderName, Long id) {
    if (id == null) {
      return CompletableFuture.completedFuture(null);
    }
    DataLoader<Long, V> loader = env.getDataLoader(loaderName);
    return loader.load(id);
  }
}
