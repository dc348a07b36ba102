/**
 * The technical GraphQL seam of the API, with no domain knowledge: the executable schema built from the SDL
 * ({@code ApiGraphQL}); what every operation passes before it runs (the HTTP
 * subscription guard, the depth and complexity limits, the parsed-document cache) and after (every error gets its
 * contract code); the scalars {@code Long} and {@code DateTime}; the codes of CONTRACT §5 and the failures that
 * carry them ({@code ErrorCode}, {@code ApiException}, {@code ClientFailure}, {@code InternalErrors}); the reading
 * of arguments, ids and record fields ({@code Arguments}, {@code Ids}, {@code Property}); how an operation arrived
 * ({@code Transport}).
 *
 * <p>Used by every other package of the API: the root, the domain packages and {@code api.auth}. It imports none of
 * them — no domain, not {@code api.auth} (which uses this package, never the reverse), not the root — only
 * graphql-java, Vert.x and SLF4J.
 */
package com.gigsy.gamification.api.graphql;
