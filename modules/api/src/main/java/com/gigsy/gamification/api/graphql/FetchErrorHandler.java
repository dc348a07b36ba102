package com.gigsy.gamification.api.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Shapes the error of a fetcher that failed: an {@link ApiException} keeps its code and message;
 * anything else is a bug or an outage, reported by {@link InternalErrors} and shown as
 * {@code INTERNAL} with a correlation id only.
 */
final class FetchErrorHandler implements DataFetcherExceptionHandler {

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(DataFetcherExceptionHandlerParameters params) {
    Throwable failure = unwrap(params.getException());
    GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError()
      .location(params.getSourceLocation())
      .path(params.getPath());
    if (failure instanceof ApiException api) {
      error.message(api.getMessage())
        .extensions(Map.of(ErrorCode.EXTENSION_KEY, api.code().name()));
    } else {
      String id = InternalErrors.report("GraphQL field " + params.getPath(), failure);
      error.message(InternalErrors.clientMessage(id))
        .extensions(Map.of(ErrorCode.EXTENSION_KEY, ErrorCode.INTERNAL.name(), InternalErrors.CORRELATION_ID_KEY, id));
    }
    GraphQLError built = error.build();
    return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(built).build());
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
