package com.gigsy.gamification.api.graphql;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.InvalidSyntaxError;
import graphql.execution.InputMapDefinesTooManyFieldsException;
import graphql.execution.NonNullableValueCoercedAsNullException;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.introspection.GoodFaithIntrospection;
import graphql.schema.CoercingParseValueException;
import graphql.validation.ValidationError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gives every error of a result its {@code extensions.code} (CONTRACT §5). Errors that already carry one
 * (from {@link FetchErrorHandler}, {@link DepthLimit} or {@link ComplexityLimit}) are kept; the ones
 * graphql-java produces itself are classified here. This runs for every result, including parse and
 * validation failures that never reach execution. Part of {@link ApiInstrumentation}.
 */
final class ErrorCodeInstrumentation extends SimplePerformantInstrumentation {

  @Override
  public CompletableFuture<ExecutionResult> instrumentExecutionResult(
    ExecutionResult result, InstrumentationExecutionParameters parameters, InstrumentationState state) {
    List<GraphQLError> errors = result.getErrors();
    if (errors.isEmpty() || errors.stream().allMatch(ErrorCodeInstrumentation::hasCode)) {
      return CompletableFuture.completedFuture(result);
    }
    List<GraphQLError> coded = errors.stream().map(ErrorCodeInstrumentation::withCode).toList();
    return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(coded)));
  }

  private static boolean hasCode(GraphQLError error) {
    Map<String, Object> extensions = error.getExtensions();
    return extensions != null && extensions.get(ErrorCode.EXTENSION_KEY) instanceof String;
  }

  private static GraphQLError withCode(GraphQLError error) {
    if (hasCode(error)) {
      return error;
    }
    ErrorCode code = classify(error);
    Map<String, Object> extensions = new LinkedHashMap<>();
    if (error.getExtensions() != null) {
      extensions.putAll(error.getExtensions());
    }
    extensions.put(ErrorCode.EXTENSION_KEY, code.name());
    String message = error.getMessage();
    if (code == ErrorCode.INTERNAL) {
      String id = InternalErrors.report("GraphQL path " + error.getPath(), error.toString());
      extensions.put(InternalErrors.CORRELATION_ID_KEY, id);
      message = InternalErrors.clientMessage(id);
    }
    GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
      .message(message)
      .locations(error.getLocations())
      .path(error.getPath())
      .extensions(extensions);
    if (error.getErrorType() != null) {
      builder.errorType(error.getErrorType());
    }
    return builder.build();
  }

  /** The contract code of an error graphql-java produced. */
  static ErrorCode classify(GraphQLError error) {
    ErrorClassification type = error.getErrorType();
    if (error instanceof InvalidSyntaxError || type == ErrorType.InvalidSyntax) {
      return ErrorCode.GRAPHQL_PARSE_FAILED;
    }
    if (error instanceof ValidationError || error instanceof GoodFaithIntrospection.BadFaithIntrospectionError) {
      return ErrorCode.GRAPHQL_VALIDATION_FAILED;
    }
    if (error instanceof CoercingParseValueException
      || error instanceof NonNullableValueCoercedAsNullException
      || error instanceof InputMapDefinesTooManyFieldsException) {
      // a variable's value does not fit its declared type: the client's input, not the document
      return ErrorCode.BAD_USER_INPUT;
    }
    if (type == ErrorType.ValidationError || type == ErrorType.ExecutionAborted) {
      // e.g. an unknown operation name, or an engine limit aborting the operation
      return ErrorCode.GRAPHQL_VALIDATION_FAILED;
    }
    if (type == ErrorType.OperationNotSupported) {
      return ErrorCode.BAD_REQUEST;
    }
    return ErrorCode.INTERNAL;
  }
}
