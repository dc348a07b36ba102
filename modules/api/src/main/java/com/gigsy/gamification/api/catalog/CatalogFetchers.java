package com.gigsy.gamification.api.catalog;

import com.gigsy.gamification.api.audit.AuditLog;
import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.api.graphql.Ids;
import com.gigsy.gamification.api.graphql.Property;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import org.dataloader.DataLoaderRegistry;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The reward catalog (CONTRACT §6, §7): the queries {@code badges}, {@code titles} and {@code rules}, for any signed-in
 * caller; the admin's mutations that create and change them; the fields of {@code Badge}, {@code Title},
 * {@code GamificationRule} and its {@code Condition}, {@code Cap} and {@code Streak}. Authorization and input checks
 * come first, so a refused call touches nothing. The other domains point at the catalog through
 * {@link CatalogReferences}, resolved by the loaders of {@link #newRegistry()}.
 */
public final class CatalogFetchers {

  private final CatalogRepository catalog;
  private final CatalogWriteRepository writer = new CatalogWriteRepository();
  private final CatalogLoaders loaders;
  private final AuditLog audit;

  public CatalogFetchers(SqlClient client, AuditLog audit) {
    this.catalog = new CatalogRepository(client);
    this.loaders = new CatalogLoaders(catalog);
    this.audit = audit;
  }

  /** The catalog's loaders for one request (loaders are stateful: never share a registry between requests). */
  public DataLoaderRegistry newRegistry() {
    return loaders.newRegistry();
  }

  public void wire(RuntimeWiring.Builder wiring) {
    wiring
      .type(TypeRuntimeWiring.newTypeWiring("Query")
        .dataFetcher("rules", rules())
        .dataFetcher("badges", badges())
        .dataFetcher("titles", titles()))
      .type(TypeRuntimeWiring.newTypeWiring("Mutation")
        .dataFetcher("createBadge", createBadge())
        .dataFetcher("updateBadge", updateBadge())
        .dataFetcher("createTitle", createTitle())
        .dataFetcher("updateTitle", updateTitle())
        .dataFetcher("createRule", createRule())
        .dataFetcher("updateRule", updateRule())
        .dataFetcher("deleteRule", deleteRule()))
      .type(TypeRuntimeWiring.newTypeWiring("Badge")
        .dataFetcher("id", Property.of(Badge.class, Badge::id))
        .dataFetcher("name", Property.of(Badge.class, Badge::name))
        .dataFetcher("description", Property.of(Badge.class, Badge::description))
        .dataFetcher("iconUrl", Property.of(Badge.class, Badge::iconUrl)))
      .type(TypeRuntimeWiring.newTypeWiring("Title")
        .dataFetcher("id", Property.of(Title.class, Title::id))
        .dataFetcher("name", Property.of(Title.class, Title::name))
        .dataFetcher("description", Property.of(Title.class, Title::description)))
      .type(TypeRuntimeWiring.newTypeWiring("GamificationRule")
        .dataFetcher("id", Property.of(Rule.class, Rule::id))
        .dataFetcher("eventName", Property.of(Rule.class, Rule::eventName))
        .dataFetcher("description", Property.of(Rule.class, Rule::description))
        .dataFetcher("active", Property.of(Rule.class, Rule::active))
        .dataFetcher("pointsAwarded", Property.of(Rule.class, Rule::pointsAwarded))
        .dataFetcher("badge", CatalogReferences.badge(Rule.class, Rule::badgeId))
        .dataFetcher("title", CatalogReferences.title(Rule.class, Rule::titleId))
        .dataFetcher("conditions", Property.of(Rule.class, Rule::conditions))
        .dataFetcher("pointsFromAttribute", Property.of(Rule.class, Rule::pointsFromAttribute))
        .dataFetcher("pointsMultiplier", Property.of(Rule.class, Rule::pointsMultiplier))
        .dataFetcher("validFrom", Property.of(Rule.class, Rule::validFrom))
        .dataFetcher("validUntil", Property.of(Rule.class, Rule::validUntil))
        .dataFetcher("cap", Property.of(Rule.class, Rule::cap))
        .dataFetcher("threshold", Property.of(Rule.class, Rule::threshold))
        .dataFetcher("streak", Property.of(Rule.class, Rule::streak))
        .dataFetcher("reverses", CatalogReferences.rule(Rule.class, Rule::reverses))
        .dataFetcher("builtIn", Property.of(Rule.class, Rule::builtIn)))
      .type(TypeRuntimeWiring.newTypeWiring("Condition")
        .dataFetcher("attribute", Property.of(Condition.class, Condition::attribute))
        .dataFetcher("op", Property.of(Condition.class, Condition::op))
        .dataFetcher("value", Property.of(Condition.class, Condition::value))
        .dataFetcher("values", Property.of(Condition.class, Condition::values)))
      .type(TypeRuntimeWiring.newTypeWiring("Cap")
        .dataFetcher("count", Property.of(Cap.class, Cap::count))
        .dataFetcher("period", Property.of(Cap.class, Cap::period)))
      .type(TypeRuntimeWiring.newTypeWiring("Streak")
        .dataFetcher("length", Property.of(Streak.class, Streak::length))
        .dataFetcher("period", Property.of(Streak.class, Streak::period)));
  }

  private DataFetcher<Future<List<Rule>>> rules() {
    return env -> {
      String eventName = Arguments.optionalEventName(env, "eventName");
      return eventName == null ? catalog.rules() : catalog.rulesFor(eventName);
    };
  }

  private DataFetcher<Future<List<Badge>>> badges() {
    return env -> catalog.badges();
  }

  private DataFetcher<Future<List<Title>>> titles() {
    return env -> catalog.titles();
  }

  private DataFetcher<Future<Badge>> createBadge() {
    return env -> {
      Access.requireAdmin(env);
      Inputs.BadgeInput input = Inputs.badge(input(env));
      return audit.recorded(env, conn -> writer.createBadge(conn, input));
    };
  }

  private DataFetcher<Future<Badge>> updateBadge() {
    return env -> {
      Access.requireAdmin(env);
      long id = Ids.parse(env.getArgument("id"), "id", "Badge");
      Inputs.BadgeInput input = Inputs.badge(input(env));
      return audit.recorded(env, conn -> writer.updateBadge(conn, id, input).map(orNotFound("Badge", env)));
    };
  }

  private DataFetcher<Future<Title>> createTitle() {
    return env -> {
      Access.requireAdmin(env);
      Inputs.TitleInput input = Inputs.title(input(env));
      return audit.recorded(env, conn -> writer.createTitle(conn, input));
    };
  }

  private DataFetcher<Future<Title>> updateTitle() {
    return env -> {
      Access.requireAdmin(env);
      long id = Ids.parse(env.getArgument("id"), "id", "Title");
      Inputs.TitleInput input = Inputs.title(input(env));
      return audit.recorded(env, conn -> writer.updateTitle(conn, id, input).map(orNotFound("Title", env)));
    };
  }

  private DataFetcher<Future<Rule>> createRule() {
    return env -> {
      Access.requireAdmin(env);
      Inputs.RuleInput input = Inputs.rule(input(env));
      return audit.recorded(env, conn -> writer.createRule(conn, input));
    };
  }

  private DataFetcher<Future<Rule>> updateRule() {
    return env -> {
      Access.requireAdmin(env);
      long id = Ids.parse(env.getArgument("id"), "id", "Rule");
      Inputs.RuleInput input = Inputs.rule(input(env));
      return audit.recorded(env, conn -> writer.updateRule(conn, id, input).map(orNotFound("Rule", env)));
    };
  }

  /** Deactivates; the rule and the history that references it stay. */
  private DataFetcher<Future<Boolean>> deleteRule() {
    return env -> {
      Access.requireAdmin(env);
      long id = Ids.parse(env.getArgument("id"), "id", "Rule");
      return audit.recorded(env, conn -> writer.deactivateRule(conn, id).map(found -> {
        if (!found) {
          throw Ids.notFound("id", "Rule", env.getArgument("id"));
        }
        return true;
      }));
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
