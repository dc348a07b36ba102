/**
 * The reward catalog: badges, titles and rules (CONTRACT §6, §7). {@code CatalogFetchers} owns the queries
 * {@code badges}, {@code titles} and {@code rules}, the admin's mutations that create, change and deactivate them,
 * and the fields of {@code Badge}, {@code Title} and {@code GamificationRule} (with its {@code Condition}, {@code Cap}
 * and {@code Streak}); {@code CatalogRepository} reads the tables, {@code CatalogWriteRepository} writes them,
 * {@code Inputs} checks the mutations' input objects and {@code Conditions} a rule's conditions (and their stored form).
 *
 * <p>The base of the domain packages: the others read {@code Badge}, {@code Title} and {@code Rule} and point at
 * them by id through {@code CatalogReferences}, resolved in batches by the loaders of the request
 * ({@code CatalogFetchers.newRegistry()}, one registry per request). Used by the root and the other domain
 * packages; it uses {@code api.auth} and {@code api.graphql}, and imports no other domain package and not the root.
 */
package com.gigsy.gamification.api.catalog;
