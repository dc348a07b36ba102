package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The tokens dev mode prints ({@link DevTokens}) against a service configured with the same secret. */
class DevTokensTest {

  private static final String MY_HISTORY = "query($u: ID!) { pointsHistory(userId: $u) { entries { id } } }";
  private static final String CREATE_TITLE = "mutation { createTitle(input: {name: \"Auth title\", description: \"d\"}) { id } }";

  @RegisterExtension
  static final TestService SERVICE = TestService.of(Service::start).configured(config -> config.with(Setting.ROLES, "api"));

  @Test
  @DisplayName("the tokens dev mode prints verify: the admin one may change the catalog, the user one may not")
  void devModeTokens() {
    GraphQLClient admin = SERVICE.graphql(DevTokens.admin(TestStack.JWT_SECRET, Instant.now()));
    GraphQLClient user = SERVICE.graphql(DevTokens.user(TestStack.JWT_SECRET, DevTokens.DEMO_USER, Instant.now()));

    JsonObject asAdmin = admin.post(CREATE_TITLE, new JsonObject());
    JsonObject asUser = user.post(CREATE_TITLE, new JsonObject());
    JsonObject ownHistory = user.post(MY_HISTORY, new JsonObject().put("u", DevTokens.DEMO_USER));

    assertThat(asAdmin.containsKey("errors")).as("%s", asAdmin.encode()).isFalse();
    assertThat(asUser.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
      .isEqualTo("FORBIDDEN");
    assertThat(ownHistory.containsKey("errors")).isFalse();
  }
}
