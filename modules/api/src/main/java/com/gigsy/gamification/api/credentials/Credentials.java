package com.gigsy.gamification.api.credentials;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;
import graphql.schema.idl.RuntimeWiring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import org.dataloader.DataLoaderRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Open Badges 3.0 credentials (CONTRACT §9), the domain's one door for the api: its routes, the GraphQL field
 * {@code UserBadge.credentialUrl} and its loader. Credentials are issued with an issuer key ({@code
 * GAMIFICATION_ISSUER_KEY}; dev mode keeps a generated one) and, in production mode, a public URL
 * ({@code GAMIFICATION_PUBLIC_URL}: every id of a credential is under it, and a signed id cannot be changed later);
 * without them, none are (credentialUrl is null, the routes answer 404 saying why), which is logged once per process.
 */
public final class Credentials {

  private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
  /** A process-wide flag (one per Vert.x), so the api's instances log what they issue once. */
  private static final String LOGGED = "gamification.credentials.logged";

  private final CredentialLinks links;
  private final CredentialRoutes routes;
  /** Why credentials are not issued, or null when they are. */
  private final String disabled;

  private Credentials(CredentialLinks links, CredentialRoutes routes, String disabled) {
    this.links = links;
    this.routes = routes;
    this.disabled = disabled;
  }

  /**
   * Reads the issuer key (off the event loop) and records its public half, so the JWK set keeps listing it after a
   * rotation. Fails, naming the setting, when the key file cannot be used.
   */
  public static Future<Credentials> start(Vertx vertx, GamificationConfig config, Pool pool) {
    CredentialRepository repository = new CredentialRepository(pool);
    String disabled = disabledBecause(config);
    if (disabled != null) {
      logOnce(vertx, () -> LOG.warn("{}", disabled));
      return Future.succeededFuture(new Credentials(new CredentialLinks(repository, null), null, disabled));
    }
    Path file = Path.of(config.issuerKey());
    OpenBadges documents = new OpenBadges(config.publicUrl(), config.issuerName());
    return vertx.executeBlocking(() -> IssuerKeyFile.read(file))
      .compose(key -> repository.recordKey(key).map(key))
      .map(key -> {
        logOnce(vertx, () -> LOG.info("Open Badges credentials are issued by {} and signed with the key {} ({})",
          documents.issuerId(), documents.keyId(key.thumbprint()), file));
        return new Credentials(new CredentialLinks(repository, documents),
          new CredentialRoutes(repository, documents, key), null);
      });
  }

  /** The routes of the issuer, achievements, credentials, their status and the keys; all public. */
  public void mount(Router router) {
    if (disabled == null) {
      routes.mount(router);
    } else {
      CredentialRoutes.mountDisabled(router, disabled);
    }
  }

  public void wire(RuntimeWiring.Builder wiring) {
    links.wire(wiring);
  }

  /** Adds the credentials' loader to a request's registry of DataLoaders. */
  public DataLoaderRegistry register(DataLoaderRegistry registry) {
    return links.register(registry);
  }

  private static String disabledBecause(GamificationConfig config) {
    if (config.issuerKey() == null) {
      return "Open Badges credentials are not issued: no issuer key (" + Setting.ISSUER_KEY.variable()
        + ", a PEM private key file)";
    }
    if (!config.devMode() && !config.isSet(Setting.PUBLIC_URL)) {
      return "Open Badges credentials are not issued: " + Setting.PUBLIC_URL.variable() + " is not set (every id of"
        + " a credential is a URL under it, and an id cannot change once signed)";
    }
    return null;
  }

  private static void logOnce(Vertx vertx, Runnable log) {
    if (vertx.sharedData().getLocalMap(LOGGED).putIfAbsent("logged", Boolean.TRUE) == null) {
      log.run();
    }
  }
}
