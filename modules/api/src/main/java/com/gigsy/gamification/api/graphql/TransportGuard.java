package com.gigsy.gamification.api.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What each transport serves (CONTRACT §5, §11). Plain HTTP: queries and mutations — a subscription cannot be a JSON
 * response, so it is {@code BAD_REQUEST}. WebSocket: subscriptions only — a query or mutation is {@code BAD_REQUEST}
 * (over HTTP a token is checked at every request, over a socket only once), none once the connection's token has
 * expired ({@code UNAUTHENTICATED}; the router also closes the socket with 4401 then), and at most
 * {@link SocketSession#MAX_SUBSCRIPTIONS} open at once ({@code BAD_REQUEST}). The transport is the {@link Transport}
 * that the router ({@code ApiRouter}) puts in the GraphQL context, with the {@link SocketSession} of a socket.
 */
final class TransportGuard extends SimplePerformantInstrumentation {

  /** Whether the subscription of this execution took one of its socket's places, to give back when its stream ends. */
  private static final String COUNTED = "gamification.socket.counted";

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
    InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    var context = parameters.getExecutionContext();
    boolean subscription = context.getOperationDefinition().getOperation() == OperationDefinition.Operation.SUBSCRIPTION;
    if (context.getGraphQLContext().get(Transport.class) != Transport.WEBSOCKET) {
      if (subscription) {
        throw new CodedAbort(ErrorCode.BAD_REQUEST,
          "Subscriptions are served over WebSocket (graphql-transport-ws) on /graphql, not over HTTP");
      }
      return SimpleInstrumentationContext.noOp();
    }
    SocketSession session = context.getGraphQLContext().get(SocketSession.class);
    if (session == null || session.expiredAt(Instant.now())) {
      throw new CodedAbort(ErrorCode.UNAUTHENTICATED, "The connection's token has expired: connect again with a new one");
    }
    if (!subscription) {
      throw new CodedAbort(ErrorCode.BAD_REQUEST,
        "Only subscriptions are served over WebSocket; send queries and mutations over HTTP (POST /graphql)");
    }
    if (!session.tryOpen()) {
      throw new CodedAbort(ErrorCode.BAD_REQUEST, "At most " + SocketSession.MAX_SUBSCRIPTIONS
        + " subscriptions may be open on one connection: complete one first");
    }
    context.getGraphQLContext().put(COUNTED, Boolean.TRUE);
    return SimpleInstrumentationContext.noOp();
  }

  /**
   * The result, its stream made to give its socket's place back when it ends; a subscription that produced no stream
   * (it failed) gives it back at once.
   */
  ExecutionResult countStream(ExecutionResult result, GraphQLContext context) {
    if (context == null || !Boolean.TRUE.equals(context.get(COUNTED))) {
      return result;
    }
    SocketSession session = context.get(SocketSession.class);
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        session.closed();
      }
    };
    if (!(result.getData() instanceof Publisher<?> stream)) {
      release.run();
      return result;
    }
    Publisher<Object> counted = subscriber -> stream.subscribe(new Releasing(subscriber, release));
    return result.transform(builder -> builder.data(counted));
  }

  /** Passes a stream on, releasing its place once it completes, fails or is cancelled. */
  private record Releasing(Subscriber<Object> downstream, Runnable release) implements Subscriber<Object> {

    @Override
    public void onSubscribe(Subscription subscription) {
      downstream.onSubscribe(new Subscription() {
        @Override
        public void request(long n) {
          subscription.request(n);
        }

        @Override
        public void cancel() {
          release.run();
          subscription.cancel();
        }
      });
    }

    @Override
    public void onNext(Object item) {
      downstream.onNext(item);
    }

    @Override
    public void onError(Throwable failure) {
      release.run();
      downstream.onError(failure);
    }

    @Override
    public void onComplete() {
      release.run();
      downstream.onComplete();
    }
  }
}
