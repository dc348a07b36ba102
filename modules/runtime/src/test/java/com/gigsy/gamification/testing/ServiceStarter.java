package com.gigsy.gamification.testing;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Role;
import com.gigsy.gamification.runtime.RunningService;
import com.gigsy.gamification.runtime.Startup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How a test starts the service: the launcher's own {@code Service::start} in the app module; elsewhere
 * the verticles the module's tests need (a module cannot see the launcher, which depends on it).
 */
@FunctionalInterface
public interface ServiceStarter {

  Future<RunningService> start(Vertx vertx, GamificationConfig config);

  /** Starts as the launcher does (topics, migrations, verticles in role order), with these verticles and no demo data. */
  static ServiceStarter of(Map<Role, List<Supplier<VerticleBase>>> verticles) {
    return (vertx, config) -> Startup.start(vertx, config, verticles, pool -> Future.succeededFuture());
  }
}
