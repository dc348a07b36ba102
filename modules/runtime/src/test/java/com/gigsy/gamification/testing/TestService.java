package com.gigsy.gamification.testing;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.UnaryOperator;

/**
 * The service under test, on the {@link TestStack}, with a configuration of its own (fresh database, topics
 * and consumer group). Register it with {@code @RegisterExtension}: a static field starts it once before the
 * class's tests and stops it after them, an instance field around each test. Everything it hands out (the
 * database pool, the GraphQL clients, the event sender, topic collectors) is closed with it.
 */
public final class TestService implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private final ServiceStarter starter;
  private UnaryOperator<GamificationConfig> adjust = UnaryOperator.identity();
  private final Closer closer = new Closer();
  private InProcessService service;
  private boolean perTest;
  private Pool db;
  private EventSender events;

  private TestService(ServiceStarter starter) {
    this.starter = starter;
  }

  public static TestService of(ServiceStarter starter) {
    return new TestService(starter);
  }

  /** Changes the test stack's configuration before the start, e.g. {@code c -> c.with(Setting.ROLES, "api")}. */
  public TestService configured(UnaryOperator<GamificationConfig> adjustment) {
    this.adjust = adjustment;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (service == null) {
      perTest = true;
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (perTest) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  private void start() {
    service = closer.add(InProcessService.start(starter, adjust.apply(TestStack.get().config())));
  }

  private synchronized void stop() throws Exception {
    try {
      closer.close();
    } finally {
      service = null;
      db = null;
      events = null;
    }
  }

  public InProcessService service() {
    return running();
  }

  public GamificationConfig config() {
    return running().config();
  }

  public Vertx vertx() {
    return running().vertx();
  }

  public int httpPort() {
    return running().httpPort();
  }

  /** A pool of two connections to the service's database, for the test's own reads and writes. */
  public synchronized Pool db() {
    if (db == null) {
      Pool pool = PgPools.create(vertx(), config(), "test", 2);
      closer.add(() -> Await.result(pool.close()));
      db = pool;
    }
    return db;
  }

  /** A GraphQL client of the service sending {@code bearer} (none when null). */
  public GraphQLClient graphql(String bearer) {
    return new GraphQLClient(httpPort(), bearer);
  }

  /** A GraphQL client signed in as an admin. */
  public GraphQLClient admin() {
    return graphql(TestTokens.admin());
  }

  /** Sends records to the service's events topic. */
  public synchronized EventSender events() {
    if (events == null) {
      events = closer.add(new EventSender(TestStack.get().kafkaBootstrap(), config().eventsTopic()));
    }
    return events;
  }

  /** Collects every record of {@code topic} from its beginning, until the service stops. */
  public TopicCollector collect(String topic) {
    return closer.add(new TopicCollector(TestStack.get().kafkaBootstrap(), topic));
  }

  private InProcessService running() {
    if (service == null) {
      throw new IllegalStateException("the service is not running: register TestService with @RegisterExtension");
    }
    return service;
  }
}
