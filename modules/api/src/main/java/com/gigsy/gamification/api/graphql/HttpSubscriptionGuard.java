package com.gigsy.gamification.api.graphql;

import graphql.ExecutionResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;

/**
 * Refuses a subscription sent as a plain HTTP request (a stream cannot be a JSON response): they are
 * served over WebSocket. The transport is the {@link Transport} that the router ({@code ApiRouter}) puts in the
 * GraphQL context.
 */
final class HttpSubscriptionGuard extends SimplePerformantInstrumentation {

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
    InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    var context = parameters.getExecutionContext();
    boolean overHttp = context.getGraphQLContext().get(Transport.class) != Transport.WEBSOCKET;
    if (overHttp && context.getOperationDefinition().getOperation() == OperationDefinition.Operation.SUBSCRIPTION) {
      throw new CodedAbort(ErrorCode.BAD_REQUEST,
        "Subscriptions are served over WebSocket (graphql-transport-ws) on /graphql, not over HTTP");
    }
    return SimpleInstrumentationContext.noOp();
  }
}
