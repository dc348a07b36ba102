package com.gigsy.gamification.runtime;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.HttpEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A started service: its HTTP port, and the way to stop it. */
public final class RunningService {

  private static final Logger LOG = LoggerFactory.getLogger(RunningService.class);

  /** One deployed verticle. */
  record Deployment(String name, String id) {
  }

  private final Vertx vertx;
  private final GamificationConfig config;
  private final List<Deployment> deployments;
  private final HttpEndpoint api;
  private Future<Void> stopping;

  RunningService(Vertx vertx, GamificationConfig config, List<Deployment> deployments, HttpEndpoint api) {
    this.vertx = vertx;
    this.config = config;
    this.deployments = List.copyOf(deployments);
    this.api = api;
  }

  /** The port the API listens on (the actual one when configured as 0); -1 when this process runs no api. */
  public int httpPort() {
    return api == null ? -1 : api.actualPort();
  }

  /** The port of health and metrics when served apart from the API ({@code GAMIFICATION_MANAGEMENT_PORT}), else -1. */
  public int managementPort() {
    return api == null ? -1 : api.actualManagementPort();
  }

  /** The configuration the service runs with (with dev mode's embedded endpoints filled in). */
  public GamificationConfig config() {
    return config;
  }

  /**
   * Undeploys the verticles in reverse start-up order — ingest first, so nothing new is consumed while the
   * rest winds down. Goes on past a failing undeploy and reports the first failure. Idempotent; does not
   * close the Vert.x instance.
   */
  public synchronized Future<Void> stop() {
    if (stopping == null) {
      List<Deployment> order = new ArrayList<>(deployments);
      Collections.reverse(order);
      stopping = undeployFrom(order, 0, null);
    }
    return stopping;
  }

  private Future<Void> undeployFrom(List<Deployment> order, int index, Throwable firstFailure) {
    if (index == order.size()) {
      return firstFailure == null ? Future.succeededFuture() : Future.failedFuture(firstFailure);
    }
    Deployment deployment = order.get(index);
    return vertx.undeploy(deployment.id()).transform(result -> {
      Throwable failure = firstFailure;
      if (result.failed()) {
        LOG.warn("{} did not stop cleanly: {}", deployment.name(), result.cause().getMessage());
        failure = failure == null ? result.cause() : failure;
      }
      return undeployFrom(order, index + 1, failure);
    });
  }
}
