package com.gigsy.gamification.api.graphql;

import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.VariableReference;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;

import java.util.Set;

/**
 * Whether the cost of a document's operations can depend on its variables, judged from the parsed document (not its
 * text, which spacing and comments can disguise): a directive ({@code @skip}, {@code @include}, or any other) with a
 * variable in its arguments, or a variable given to an argument that weighs rows ({@code limit}, {@code first},
 * {@code radius}). A document without either has one verdict for every request.
 */
final class VariableDirectives {

  private static final Set<String> SIZE_ARGUMENTS = Set.of("limit", "first", "radius");

  private VariableDirectives() {
  }

  static boolean costDependsOnVariables(Document document) {
    boolean[] depends = {false};
    new NodeTraverser().depthFirst(new NodeVisitorStub() {
      @Override
      public TraversalControl visitDirective(Directive node, TraverserContext<Node> context) {
        if (node.getArguments().stream().anyMatch(argument -> hasVariable(argument.getValue()))) {
          depends[0] = true;
          return TraversalControl.QUIT;
        }
        return TraversalControl.CONTINUE;
      }

      @Override
      public TraversalControl visitField(Field node, TraverserContext<Node> context) {
        for (Argument argument : node.getArguments()) {
          if (SIZE_ARGUMENTS.contains(argument.getName()) && hasVariable(argument.getValue())) {
            depends[0] = true;
            return TraversalControl.QUIT;
          }
        }
        return TraversalControl.CONTINUE;
      }
    }, document);
    return depends[0];
  }

  private static boolean hasVariable(Node<?> value) {
    if (value instanceof VariableReference) {
      return true;
    }
    for (Node<?> child : value.getChildren()) {
      if (hasVariable(child)) {
        return true;
      }
    }
    return false;
  }
}
