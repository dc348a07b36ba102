package com.gigsy.gamification.api.graphql;

import graphql.ExecutionResult;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLType;

import java.util.Map;

/**
 * Refuses operations that would cost more than a budget, as {@code GRAPHQL_VALIDATION_FAILED}. The cost counts
 * values, not fields: every field counts one, a list's fields count once per row the list may hold — the
 * {@code limit} or {@code first} of the field that returns it (or of that field's parent, e.g. {@code
 * leaderboard(limit: 1000) { entries { … } }}), {@code 2 × radius + 1} for {@code radius}, once for a list without such
 * an argument — and every top-level field of a query or mutation costs {@value #ROOT_FIELD_COST} more (it reaches
 * PostgreSQL: many aliases of one field are many statements). Arguments are read as executed, variables included.
 * Introspection is left to graphql-java's good-faith check.
 */
final class ComplexityLimit extends MaxQueryComplexityInstrumentation {

  /** The extra cost of a top-level field: an operation of its own for the database. */
  static final int ROOT_FIELD_COST = 100;
  /** Most rows one list counts for, whatever its argument says (the fetchers refuse larger ones anyway). */
  private static final int MAX_ROWS = 1_000_000;

  ComplexityLimit(int budget) {
    super(budget, new RowWeights());
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
    InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    if (Operations.isIntrospectionOnly(parameters.getExecutionContext())) {
      return SimpleInstrumentationContext.noOp();
    }
    return super.beginExecuteOperation(parameters, state);
  }

  @Override
  protected AbortExecutionException mkAbortException(int complexity, int maxComplexity) {
    return new CodedAbort(ErrorCode.GRAPHQL_VALIDATION_FAILED,
      "The query is too complex: it costs " + complexity + ", at most " + maxComplexity + " allowed (each field counts"
        + " once per row of the lists it is in, each top-level field " + (ROOT_FIELD_COST + 1) + ")");
  }

  /** The cost of a field, given the cost of what it selects. */
  private static final class RowWeights implements FieldComplexityCalculator {

    @Override
    public int calculate(FieldComplexityEnvironment env, int childComplexity) {
      long rows = isList(env.getFieldDefinition().getType()) ? rows(env) : 1;
      long own = env.getParentEnvironment() == null && isQueryOrMutation(env) ? 1 + ROOT_FIELD_COST : 1;
      return (int) Math.min(Integer.MAX_VALUE, own + rows * childComplexity);
    }

    private static boolean isQueryOrMutation(FieldComplexityEnvironment env) {
      String parent = env.getParentType() instanceof GraphQLObjectType type ? type.getName() : "";
      return "Query".equals(parent) || "Mutation".equals(parent);
    }

    /** The rows a list may hold: a size argument of the field, else of the field that returned its parent. */
    private static long rows(FieldComplexityEnvironment env) {
      Long own = sizeArgument(env.getArguments());
      if (own != null) {
        return own;
      }
      Long parent = env.getParentEnvironment() == null ? null : sizeArgument(env.getParentEnvironment().getArguments());
      return parent == null ? 1 : parent;
    }

    private static Long sizeArgument(Map<String, Object> arguments) {
      for (String name : new String[] {"limit", "first"}) {
        if (arguments.get(name) instanceof Number size) {
          return Math.max(1, Math.min(MAX_ROWS, size.longValue()));
        }
      }
      if (arguments.get("radius") instanceof Number radius) {
        return 2 * Math.max(0, Math.min(MAX_ROWS / 2, radius.longValue())) + 1;
      }
      return null;
    }

    private static boolean isList(GraphQLType type) {
      GraphQLType unwrapped = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
      return unwrapped instanceof GraphQLList;
    }
  }
}
