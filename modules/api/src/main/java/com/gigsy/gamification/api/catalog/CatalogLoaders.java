package com.gigsy.gamification.api.catalog;

import io.vertx.core.Future;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.dataloader.MappedBatchLoader;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Batches badge, title and rule lookups: every {@code load(id)} made while one level of a query resolves
 * becomes a single {@code WHERE id = ANY($1)} statement, so a profile with 50 badges costs the same
 * number of statements as one with a single badge.
 *
 * <p>The batch functions are stateless and shared; the loaders (which cache what they have loaded)
 * are made fresh for each request by {@link #newRegistry()}, so nothing leaks between requests.
 */
final class CatalogLoaders {

  static final String BADGES = "badges";
  static final String TITLES = "titles";
  static final String RULES = "rules";

  private final MappedBatchLoader<Long, Badge> badges;
  private final MappedBatchLoader<Long, Title> titles;
  private final MappedBatchLoader<Long, Rule> rules;

  CatalogLoaders(CatalogRepository catalog) {
    this.badges = ids -> byId(catalog.badgesById(ids), Badge::id).toCompletionStage();
    this.titles = ids -> byId(catalog.titlesById(ids), Title::id).toCompletionStage();
    this.rules = ids -> byId(catalog.rulesById(ids), Rule::id).toCompletionStage();
  }

  /** A registry for one request. */
  DataLoaderRegistry newRegistry() {
    DataLoaderRegistry registry = new DataLoaderRegistry();
    registry.register(BADGES, DataLoaderFactory.newMappedDataLoader(badges));
    registry.register(TITLES, DataLoaderFactory.newMappedDataLoader(titles));
    registry.register(RULES, DataLoaderFactory.newMappedDataLoader(rules));
    return registry;
  }

  private static <T> Future<Map<Long, T>> byId(Future<List<T>> rows, Function<T, Long> id) {
    return rows.map(list -> list.stream().collect(Collectors.toMap(id, Function.identity())));
  }
}
