package com.gigsy.gamification.api.graphql;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parsed and validated documents by query text, so a client's repeated queries (a page asks the same few with
 * other variables) skip parsing and validation. Both depend on the text and the schema only; a document that
 * failed them is kept with its errors. Bounded: the most recently used {@link #MAX_ENTRIES} queries of at most
 * {@link #MAX_QUERY_LENGTH} characters.
 */
final class DocumentCache implements PreparsedDocumentProvider {

  static final int MAX_ENTRIES = 500;
  static final int MAX_QUERY_LENGTH = 4096;

  private final Map<String, PreparsedDocumentEntry> entries = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
    ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    String query = input.getQuery();
    if (query == null || query.length() > MAX_QUERY_LENGTH) {
      return CompletableFuture.completedFuture(parseAndValidate.apply(input));
    }
    PreparsedDocumentEntry known;
    synchronized (entries) {
      known = entries.get(query);
    }
    if (known == null) {
      known = parseAndValidate.apply(input);
      synchronized (entries) {
        entries.put(query, known);
      }
    }
    return CompletableFuture.completedFuture(known);
  }
}
