package dev.larder.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisServerExtensionIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void providesAServerThatAnswers() {
    assertThat(REDIS.uri()).isEqualTo("redis://" + REDIS.host() + ":" + REDIS.port());
    try (RedisClient client = RedisClient.create(REDIS.uri());
        StatefulRedisConnection<String, String> connection = client.connect()) {
      assertThat(connection.sync().ping()).isEqualTo("PONG");
      assertThat(connection.sync().set("k", "v")).isEqualTo("OK");
    }
    assertThat(REDIS.commands().get("k")).isEqualTo("v");
    REDIS.flushAll();
    assertThat(REDIS.commands().dbsize()).isZero();
  }

  @Test
  void countsCommandsSinceTheLastReset() {
    REDIS.commands().set("a", "1");
    REDIS.commands().get("a");
    REDIS.resetStats();
    assertThat(REDIS.commandCalls("get")).isZero();

    REDIS.commands().get("a");
    REDIS.commands().get("a");
    REDIS.commands().mget("a", "b");

    assertThat(REDIS.commandCalls("GET")).isEqualTo(2);
    assertThat(REDIS.commandCalls("mget")).isEqualTo(1);
    assertThat(REDIS.commandCalls("hget")).isZero();
  }

  @Test
  void restartsALocalServerOnTheSamePortEmpty() {
    assumeThat(REDIS.canStopServer()).as("a local redis-server process").isTrue();
    int port = REDIS.port();
    REDIS.commands().set("k", "v");

    REDIS.stopServer();
    REDIS.restartServer();

    assertThat(REDIS.port()).isEqualTo(port);
    assertThat(REDIS.commands().get("k")).isNull();
  }
}
