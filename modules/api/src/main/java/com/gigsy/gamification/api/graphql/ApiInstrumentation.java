package com.gigsy.gamification.api.graphql;

import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.Document;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API adds to graphql-java's execution, as one instrumentation: graphql-java calls every
 * chained instrumentation for every field of every response, so one instead of four keeps a 100-entry
 * board cheap. Before an operation runs: {@link TransportGuard}, then {@link DepthLimit} and
 * {@link ComplexityLimit} — whose verdict depends on the document and the operation only, unless the parsed
 * document lets variables change it ({@link VariableDirectives}), so an operation that passed is not measured
 * again for the next request with the same (cached, see {@link DocumentCache}) document. On every result:
 * {@link ErrorCodeInstrumentation}, and the subscriptions of a socket are counted until their stream ends.
 */
final class ApiInstrumentation extends SimplePerformantInstrumentation {

  private final TransportGuard transports = new TransportGuard();
  private final DepthLimit depth;
  private final ComplexityLimit complexity;
  private final ErrorCodeInstrumentation errorCodes = new ErrorCodeInstrumentation();
  /** Per document, the operations (by name; "" for an anonymous one) that passed both limits. */
  private final Map<Document, Set<String>> passed = Collections.synchronizedMap(new WeakHashMap<>());

  ApiInstrumentation(int maxDepth, int maxComplexity) {
    this.depth = new DepthLimit(maxDepth);
    this.complexity = new ComplexityLimit(maxComplexity);
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
    InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    transports.beginExecuteOperation(parameters, state);
    ExecutionContext context = parameters.getExecutionContext();
    Document document = context.getDocument();
    String operation = context.getOperationDefinition().getName() == null ? "" : context.getOperationDefinition().getName();
    Set<String> known = passed.get(document);
    if (known != null && known.contains(operation)) {
      return SimpleInstrumentationContext.noOp();
    }
    // each throws a coded abort when its limit is exceeded
    depth.beginExecuteOperation(parameters, null);
    complexity.beginExecuteOperation(parameters, complexity.createStateAsync(null).join());
    if (!VariableDirectives.costDependsOnVariables(document)) {
      passed.computeIfAbsent(document, d -> ConcurrentHashMap.newKeySet()).add(operation);
    }
    return SimpleInstrumentationContext.noOp();
  }

  @Override
  public CompletableFuture<ExecutionResult> instrumentExecutionResult(
    ExecutionResult result, InstrumentationExecutionParameters parameters, InstrumentationState state) {
    return errorCodes.instrumentExecutionResult(transports.countStream(result, parameters.getGraphQLContext()),
      parameters, state);
  }
}
