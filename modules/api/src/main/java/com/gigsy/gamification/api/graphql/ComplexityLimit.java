package com.gigsy.gamification.api.graphql;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;

/**
 * Refuses operations selecting more fields than a bound (each field counts one, fragments expanded),
 * as {@code GRAPHQL_VALIDATION_FAILED}. Introspection is left to graphql-java's good-faith check.
 */
final class ComplexityLimit extends MaxQueryComplexityInstrumentation {

  ComplexityLimit(int maxComplexity) {
    super(maxComplexity);
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
      "The query is too complex: " + complexity + " fields, at most " + maxComplexity + " allowed");
  }
}
