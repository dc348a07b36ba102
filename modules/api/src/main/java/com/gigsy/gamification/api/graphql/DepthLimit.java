package com.gigsy.gamification.api.graphql;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;

/**
 * Refuses operations nested deeper than a bound, as {@code GRAPHQL_VALIDATION_FAILED}. Introspection
 * is left to graphql-java's own good-faith check, which allows the deeper nesting its standard query needs.
 */
final class DepthLimit extends MaxQueryDepthInstrumentation {

  DepthLimit(int maxDepth) {
    super(maxDepth);
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
  protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
    return new CodedAbort(ErrorCode.GRAPHQL_VALIDATION_FAILED,
      "The query is nested too deeply: depth " + depth + ", at most " + maxDepth + " allowed");
  }
}
