package com.gigsy.gamification.api;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Future;

import java.util.Map;
import java.util.function.Function;

/**
 * The fields of {@code type Mutation} (CONTRACT §6) but the leaderboard ones ({@link LeaderboardFetchers}). All
 * are for admins except {@code equipTitle} and {@code unequipTitle}, which act on the caller's own profile.
 * Authorization and input checks come first, so a refused call touches nothing.
 */
final class MutationFetchers {

  private final CatalogWriter catalog;
  private final TitleEquipment titles;

  MutationFetchers(CatalogWriter catalog, TitleEquipment titles) {
    this.catalog = catalog;
    this.titles = titles;
  }

  DataFetcher<Future<Badge>> createBadge() {
    return env -> {
      Access.requireAdmin(env);
      return catalog.createBadge(Inputs.badge(input(env)));
    };
  }

  DataFetcher<Future<Badge>> updateBadge() {
    return env -> {
      Access.requireAdmin(env);
      long id = Ids.parse(env.getArgument("id"), "id", "Badge");
      Inputs.BadgeInput input = Inputs.badge(input(env));
      return catalog.updateBadge(id, input).map(orNotFound("Badge", env));
    };
  }

  DataFetcher<Future<Title>> createTitle() {
    return env -> {
      Access.requireAdmin(env);
      return catalog.createTitle(Inputs.title(input(env)));
    };
  }

  DataFetcher<Future<Title>> updateTitle() {
    return env -> {
      Access.requireAdmin(env);
      long id = Ids.parse(env.getArgument("id"), "id", "Title");
      Inputs.TitleInput input = Inputs.title(input(env));
      return catalog.updateTitle(id, input).map(orNotFound("Title", env));
    };
  }

  DataFetcher<Future<Rule>> createRule() {
    return env -> {
      Access.requireAdmin(env);
      return catalog.createRule(Inputs.rule(input(env)));
    };
  }

  DataFetcher<Future<Rule>> updateRule() {
    return env -> {
      Access.requireAdmin(env);
      long id = Ids.parse(env.getArgument("id"), "id", "Rule");
      Inputs.RuleInput input = Inputs.rule(input(env));
      return catalog.updateRule(id, input).map(orNotFound("Rule", env));
    };
  }

  /** Deactivates; the rule and the history that references it stay. */
  DataFetcher<Future<Boolean>> deleteRule() {
    return env -> {
      Access.requireAdmin(env);
      long id = Ids.parse(env.getArgument("id"), "id", "Rule");
      return catalog.deactivateRule(id).map(found -> {
        if (!found) {
          throw Ids.notFound("id", "Rule", env.getArgument("id"));
        }
        return true;
      });
    };
  }

  /** One of the caller's own titles; a title they do not hold (or that does not exist) is NOT_FOUND. */
  DataFetcher<Future<Profile>> equipTitle() {
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

  DataFetcher<Future<Profile>> unequipTitle() {
    return env -> {
      Caller caller = Caller.of(env);
      return titles.unequipAll(caller.userId()).map(v -> new Profile(caller.userId()));
    };
  }

  private static Map<String, Object> input(DataFetchingEnvironment env) {
    return env.getArgument("input");
  }

  private static <T> Function<T, T> orNotFound(String kind, DataFetchingEnvironment env) {
    return value -> {
      if (value == null) {
        throw Ids.notFound("id", kind, env.getArgument("id"));
      }
      return value;
    };
  }
}
