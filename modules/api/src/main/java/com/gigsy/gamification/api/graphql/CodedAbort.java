package com.gigsy.gamification.api.graphql;

import graphql.execution.AbortExecutionException;

import java.util.Map;

/** Stops an operation before any field runs, with a contract code the client sees. */
final class CodedAbort extends AbortExecutionException {

  private final ErrorCode code;

  CodedAbort(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  @Override
  public Map<String, Object> getExtensions() {
    return Map.of(ErrorCode.EXTENSION_KEY, code.name());
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // an expected refusal, not a bug: no stack trace to capture
  }
}
