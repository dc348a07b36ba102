package com.gigsy.gamification.app;

import com.gigsy.gamification.console.AdminConsole;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgUrls;
import com.gigsy.gamification.embedded.EmbeddedPostgres;

import java.util.Optional;

/** What dev mode prints once the service is up: where to go, and how to try it. */
final class Banner {

  private Banner() {
  }

  static String render(GamificationConfig config, int httpPort, Optional<EmbeddedPostgres> postgres,
                       Optional<String> adminToken, Optional<String> userToken) {
    String base = "http://" + displayHost(config.httpHost()) + ":" + httpPort;
    String sendExample = "./gamification send course.completed " + DevTokens.DEMO_USER + " course-42 --attr score=95";
    StringBuilder text = new StringBuilder("\n=== Gigsy gamification service is running (dev mode) ===\n\n");
    if (httpPort > 0) {
      text.append("  GraphQL:   ").append(base).append("/graphql\n")
        .append("  GraphiQL:  ").append(base).append("/graphiql\n")
        .append("  Console:   ").append(base).append(AdminConsole.PATH).append('\n');
    }
    text.append("  Kafka:     ").append(config.kafkaBootstrap()).append(" (events topic ")
      .append(config.eventsTopic()).append(")\n");
    // never the password itself: the banner ends up in terminals' scroll-back, screenshots and CI logs
    postgres.ifPresent(pg -> text.append("  Postgres:  ").append(PgUrls.redact(pg.url()))
      .append(" (password in ").append(pg.passwordFile()).append(")\n"));
    adminToken.ifPresent(token -> text.append("\n  Admin token (sub=admin, role=admin):\n    ").append(token).append('\n'));
    // the fragment never reaches the server (nor its logs); the console stores the token and drops it from the address
    adminToken.filter(token -> httpPort > 0).ifPresent(token -> text.append("\n  Admin console, signed in as admin:\n    ")
      .append(base).append(AdminConsole.PATH).append("#token=").append(token).append('\n'));
    userToken.ifPresent(token -> text.append("\n  User token (sub=").append(DevTokens.DEMO_USER).append("):\n    ")
      .append(token).append('\n'));
    text.append("\n  Send an event:\n    ").append(sendExample).append('\n');
    if (httpPort > 0) {
      String query = "{ gamificationProfile(userId:\\\"" + DevTokens.DEMO_USER
        + "\\\"){ totalPoints badges{badge{name}} } }";
      text.append("\n  Ask for the profile:\n    curl -s ").append(base).append("/graphql \\\n")
        .append("      -H 'Content-Type: application/json' \\\n")
        .append("      -H 'Authorization: Bearer ").append(userToken.orElse("<token>")).append("' \\\n")
        .append("      -d '{\"query\":\"").append(query).append("\"}'\n");
    }
    return text.append("\n  Stop with Ctrl-C; state is kept in ./").append(DevEnvironment.STATE_DIR).append('\n').toString();
  }

  private static String displayHost(String host) {
    return "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
  }
}
