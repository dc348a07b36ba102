package com.gigsy.gamification.api.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.dataloader.DataLoaderRegistry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Rendered answers of GraphQL-over-HTTP requests whose answer is the same for every signed-in caller and changes
 * only with one version (the leaderboard's: the board computation and exclusions it reads): a request for such a
 * document, with the same variables and operation, is answered with the bytes rendered for the first one, for as
 * long as the version stays the same — no execution, no serialisation. Which documents qualify and what the version
 * is, the owner of the data says ({@link Source}); every other request goes on to the GraphQL handler.
 * <p>
 * Placed after authentication and the rate limit, which still apply to every request. An answer is executed as the
 * GraphQL handler would (same instrumentation: transport, depth and cost limits, error codes) and kept only when it
 * has no error. Bounded: the {@link #MAX_ANSWERS} most recently used answers of documents of at most
 * {@link DocumentCache#MAX_QUERY_LENGTH} characters, and as many document shapes.
 */
public final class AnswerCache implements Handler<RoutingContext> {

  static final int MAX_ANSWERS = 64;
  static final int MAX_SHAPES = 256;

  /**
   * @param cacheable whether a parsed document's answer depends on the caller-independent data of this source only
   * @param version   the current version of that data (compared with {@link Object#equals}); a failed one skips the cache
   */
  public record Source(Predicate<Document> cacheable, Supplier<Future<?>> version) {
  }

  private record Answer(Object version, Buffer body) {
  }

  private final GraphQL graphQL;
  private final Supplier<DataLoaderRegistry> loaders;
  private final Function<RoutingContext, Map<Object, Object>> context;
  private final Source source;
  private final Runnable served;
  private final Map<String, Boolean> shapes = lru(MAX_SHAPES);
  private final Map<String, Answer> answers = lru(MAX_ANSWERS);

  /**
   * @param loaders a new registry of DataLoaders per execution
   * @param context the GraphQL context of a request, as the GraphQL handler builds it
   * @param served  called for each request answered from the cache (a metric)
   */
  public AnswerCache(GraphQL graphQL, Supplier<DataLoaderRegistry> loaders,
                     Function<RoutingContext, Map<Object, Object>> context, Source source, Runnable served) {
    this.graphQL = graphQL;
    this.loaders = loaders;
    this.context = context;
    this.source = source;
    this.served = served;
  }

  @Override
  public void handle(RoutingContext rc) {
    JsonObject request = request(rc);
    String query = request == null ? null : request.getValue("query") instanceof String text ? text : null;
    if (query == null || query.length() > DocumentCache.MAX_QUERY_LENGTH || !cacheable(query)
      || !(request.getValue("variables") == null || request.getValue("variables") instanceof JsonObject)
      || !(request.getValue("operationName") == null || request.getValue("operationName") instanceof String)) {
      rc.next();
      return;
    }
    String operation = request.getString("operationName");
    JsonObject variables = request.getJsonObject("variables");
    String key = query + '\u0000' + Objects.toString(operation, "") + '\u0000' + (variables == null ? "" : variables.encode());
    source.version().get().onComplete(version -> {
      Answer known;
      synchronized (answers) {
        known = answers.get(key);
      }
      if (known != null && known.version().equals(version)) {
        served.run();
        respond(rc, known.body());
        return;
      }
      execute(rc, query, operation, variables).onComplete(result -> {
        Buffer body = new JsonObject(result.toSpecification()).toBuffer();
        if (result.getErrors().isEmpty()) {
          synchronized (answers) {
            answers.put(key, new Answer(version, body));
          }
        }
        respond(rc, body);
      }, rc::fail);
    }, failure -> rc.next());
  }

  private Future<ExecutionResult> execute(RoutingContext rc, String query, String operation, JsonObject variables) {
    ExecutionInput input = ExecutionInput.newExecutionInput()
      .query(query)
      .operationName(operation)
      .variables(variables == null ? Map.of() : variables.getMap())
      .dataLoaderRegistry(loaders.get())
      .graphQLContext(context.apply(rc))
      .build();
    return Future.fromCompletionStage(graphQL.executeAsync(input), rc.vertx().getOrCreateContext());
  }

  /**
   * The request's JSON object; null for anything else, left to the GraphQL handler: a body that is not a JSON object
   * (a batch, {@code application/graphql}), or one with {@code extensions} (persisted queries) or an initial value.
   */
  private static JsonObject request(RoutingContext rc) {
    String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
    Buffer body = rc.body() == null ? null : rc.body().buffer();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")
      || body == null || body.length() == 0 || body.getByte(0) != '{') {
      return null;
    }
    try {
      JsonObject request = body.toJsonObject();
      return request.containsKey("extensions") || request.containsKey("initialValue") ? null : request;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private boolean cacheable(String query) {
    Boolean known;
    synchronized (shapes) {
      known = shapes.get(query);
    }
    if (known == null) {
      known = parsedCacheable(query);
      synchronized (shapes) {
        shapes.put(query, known);
      }
    }
    return known;
  }

  private boolean parsedCacheable(String query) {
    try {
      return source.cacheable().test(Parser.parse(query));
    } catch (InvalidSyntaxException e) {
      return false;
    }
  }

  private static void respond(RoutingContext rc, Buffer body) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
  }

  private static <V> Map<String, V> lru(int size) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > size;
      }
    };
  }
}
