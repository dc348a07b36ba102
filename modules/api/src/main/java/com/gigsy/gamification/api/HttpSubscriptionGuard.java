package com.gigsy.gamification.api;

import graphql.ExecutionResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a subscription sent as a plain HTTP request (a stream cannot be a JSON response): they are
 * served over WebSocket. The Vert.x GraphQL handler puts the {@link RoutingContext} in the GraphQL
 * context of HTTP requests only, which is how the transport is told apart.
 */
final class HttpSubscriptionGuard extends SimplePerformantInstrumentation {

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
    InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    var context = parameters.getExecutionContext();
    boolean overHttp = context.getGraphQLContext().hasKey(RoutingContext.class);
    if (overHttp && context.getOperationDefinition().getOperation() == OperationDefinition.Operation.SUBSCRIPTION) {
      throw new CodedAbort(ErrorCode.BAD_REQUEST,
        "Subscriptions are served over WebSocket (graphql-transport-ws) on /graphql, not over HTTP");
    }
    return SimpleInstrumentationContext.noOp();
  }
}
