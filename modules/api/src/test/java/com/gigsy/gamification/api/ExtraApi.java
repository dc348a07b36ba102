package com.gigsy.gamification.api;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * One more API verticle next to the service under test, with a variant of its configuration (on the same
 * database) and an HTTP port of its own; undeployed on close.
 */
final class ExtraApi implements AutoCloseable {

  private final Vertx vertx;
  private final String deployment;
  private final int port;

  private ExtraApi(Vertx vertx, String deployment, int port) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.port = port;
  }

  /**
   * Deploys an {@link ApiVerticle} on the service's Vert.x with {@code variant} of the service's configuration
   * (as {@link GamificationConfig#toJson()} gives it, to which a variant may add the dev mode), on a free port.
   */
  static ExtraApi beside(TestService service, Function<GamificationConfig, JsonObject> variant) {
    JsonObject config = variant.apply(service.config()).put(Setting.HTTP_PORT.variable(), "0");
    ApiVerticle api = new ApiVerticle();
    String id = Await.result(service.vertx().deployVerticle(api, new DeploymentOptions().setConfig(config)));
    return new ExtraApi(service.vertx(), id, api.actualPort());
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    Await.result(vertx.undeploy(deployment));
  }
}
