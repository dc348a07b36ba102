package com.gigsy.gamification.app;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.runtime.RunningService;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.EventSender;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What survives a stop: events waiting before the first start, and the memory of seen event ids. */
@ExtendWith(VertxExtension.class)
class RestartTest {

  @Test
  @DisplayName("events sent before the first start are processed, and after a restart an old event id is still ignored")
  void eventsBeforeFirstStartAndAfterRestart(Vertx vertx) throws Exception {
    // The demo rules (course.completed: 50 points) are loaded on start, before consumption begins.
    GamificationConfig config = TestStack.get().config().with(Setting.DEMO_DATA, "true");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.get().kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(config.eventsTopic(), 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    String user = "user-" + UUID.randomUUID();
    try (EventSender sender = new EventSender(TestStack.get().kafkaBootstrap(), config.eventsTopic())) {
      JsonObject first = sender.send("course.completed", user, "course-1");
      sender.send("course.completed", user, "course-2");

      RunningService service = Await.result(Service.start(vertx, config));
      Pool db = PgPools.create(vertx, config, "test", 1);
      try {
        Await.until("both events sent before the start are applied", () -> total(db, user) == 100);

        Await.result(service.stop());
        service = Await.result(Service.start(vertx, config));
        // Same event id, another entity: the first one wins, this one is ignored.
        sender.send(first.copy().put("relatedEntityId", "course-3"));
        sender.send("course.completed", user, "course-4");
        Await.until("the new event after the restart is applied", () -> total(db, user) == 150);
        assertThat(Await.result(db.preparedQuery("SELECT count(*) FROM points_log WHERE user_id = $1 "
          + "AND related_entity_id = 'course-3'").execute(Tuple.of(user))).iterator().next().getLong(0)).isZero();
      } finally {
        Await.result(service.stop());
        Await.result(db.close());
      }
    }
  }

  private static long total(Pool db, String user) {
    return Await.result(db.preparedQuery("SELECT coalesce(sum(points), 0) FROM points_log WHERE user_id = $1")
      .execute(Tuple.of(user))).iterator().next().getLong(0);
  }
}
