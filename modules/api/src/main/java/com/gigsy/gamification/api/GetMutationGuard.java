package com.gigsy.gamification.api;

import com.gigsy.gamification.api.graphql.ClientFailure;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Refuses with 405 a GET whose operation is not a query: GET must be safe, so mutations (and
 * subscriptions) need POST. Anything it cannot decide — a syntax error, an ambiguous or unknown
 * operation name — goes on to GraphQL, which reports it with the proper code.
 */
final class GetMutationGuard implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext rc) {
    String query = rc.queryParams().get("query");
    OperationDefinition.Operation operation = query == null ? null : operationOf(query, rc.queryParams().get("operationName"));
    if (operation == null || operation == OperationDefinition.Operation.QUERY) {
      rc.next();
      return;
    }
    rc.response().putHeader(HttpHeaders.ALLOW, "POST");
    rc.fail(405, new ClientFailure(
      "A " + operation.name().toLowerCase() + " cannot be sent with GET: use POST"));
  }

  private static OperationDefinition.Operation operationOf(String query, String operationName) {
    Document document;
    try {
      document = Parser.parse(query);
    } catch (InvalidSyntaxException e) {
      return null;
    }
    List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
    if (operationName == null) {
      return operations.size() == 1 ? operations.get(0).getOperation() : null;
    }
    return operations.stream()
      .filter(op -> operationName.equals(op.getName()))
      .map(OperationDefinition::getOperation)
      .findFirst()
      .orElse(null);
  }
}
