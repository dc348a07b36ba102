/**
 * The API role (CONTRACT §5, §6) and its HTTP surface. {@code ApiVerticle}, the one public class, owns the
 * PostgreSQL pools, the token verifier, the Kafka admin client of readiness and the HTTP server; {@code ApiRouter}
 * routes GraphQL over HTTP and WebSocket, the SDL, GraphiQL, health and metrics, with the HTTP-level handlers
 * ({@code CorsPolicy}, {@code GetMutationGuard}, {@code HttpFailureHandler}, {@code ReadinessProbe},
 * {@code MetricsEndpoint}); {@code ApiWiring} binds the SDL to the fetchers of the domain packages.
 *
 * <p>The top layer: it may use every package of the API, and no package of the API may import it. Each layer
 * imports only those below it, and no two packages depend on each other:
 * <pre>
 * api (this package)
 *   -&gt; domains: leaderboard, levels, credentials -&gt; profile -&gt; catalog; history -&gt; catalog; rewards; jobs;
 *      every domain with admin mutations -&gt; audit
 *     -&gt; api.auth -&gt; api.graphql
 *       -&gt; core (com.gigsy.gamification.core)
 * </pre>
 * {@code ApiLayersTest} fails on an import that points upward and on a cycle between packages.
 */
package com.gigsy.gamification.api;
