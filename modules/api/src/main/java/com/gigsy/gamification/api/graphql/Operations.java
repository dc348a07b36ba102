package com.gigsy.gamification.api.graphql;

import graphql.execution.ExecutionContext;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;

import java.util.Map;

/** Facts about the operation being executed. */
final class Operations {

  private Operations() {
  }

  /**
   * Whether the operation asks only for schema introspection ({@code __schema}, {@code __type},
   * {@code __typename}) — what GraphiQL and code generators send. graphql-java guards those itself
   * ("good faith introspection": bounded depth and field count).
   */
  static boolean isIntrospectionOnly(ExecutionContext context) {
    return onlyIntrospection(context.getOperationDefinition().getSelectionSet(), context.getFragmentsByName());
  }

  private static boolean onlyIntrospection(SelectionSet selections, Map<String, FragmentDefinition> fragments) {
    if (selections == null) {
      return true;
    }
    for (Selection<?> selection : selections.getSelections()) {
      boolean introspective;
      if (selection instanceof Field field) {
        introspective = field.getName().startsWith("__");
      } else if (selection instanceof InlineFragment inline) {
        introspective = onlyIntrospection(inline.getSelectionSet(), fragments);
      } else if (selection instanceof FragmentSpread spread) {
        FragmentDefinition fragment = fragments.get(spread.getName());
        introspective = fragment != null && onlyIntrospection(fragment.getSelectionSet(), fragments);
      } else {
        introspective = false;
      }
      if (!introspective) {
        return false;
      }
    }
    return true;
  }
}
