package dev.larder.storage.online.redis;

import static dev.larder.storage.online.redis.StoredRows.decoded;
import static dev.larder.storage.online.redis.Views.i64;
import static dev.larder.storage.online.redis.Views.str;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.OnlineStoreUnavailableException;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.WriteSummary;
import dev.larder.testing.RedisServerExtension;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisOnlineStoreFaultIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final FeatureView VIEW =
      Views.view(
          "faults", List.of(new JoinKey("id", ValueType.STRING)), List.of(ValueType.INT64), null);
  private static final RowKey KEY = new RowKey(VIEW, List.of(str("a")));
  private static final EntityRow ROW =
      new EntityRow(List.of(str("a")), new OnlineRow(1, 2, List.of(i64(3))));

  @Test
  void aStoppedRedisFailsReadsAndWritesUntilItIsBack() throws Exception {
    assumeThat(REDIS.canStopServer()).as("a local redis-server process").isTrue();
    try (OnlineStore store =
        RedisOnlineStores.connect(
            RedisOnlineStoreOptions.builder().redisUri(REDIS.uri()).build())) {
      store.write(VIEW, List.of(ROW)).get(5, SECONDS);

      REDIS.stopServer();

      assertThatThrownBy(() -> store.read(List.of(KEY)).get(5, SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(OnlineStoreUnavailableException.class)
          .hasMessageStartingWith("Redis MGET of 1 keys failed")
          .hasCauseInstanceOf(RedisException.class);
      assertThatThrownBy(() -> store.write(VIEW, List.of(ROW)).get(5, SECONDS))
          .cause()
          .isInstanceOf(OnlineStoreUnavailableException.class)
          .hasMessageContaining("newest-wins write of 1 rows");

      REDIS.restartServer();

      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(store.read(List.of(KEY)).get(5, SECONDS)).containsOnlyNulls());
      assertThat(store.write(VIEW, List.of(ROW)).get(5, SECONDS))
          .isEqualTo(new WriteSummary(1, 0, 0));
      assertThat(decoded(store.read(List.of(KEY)).get(5, SECONDS))).containsExactly(ROW.row());
    }
  }

  @Test
  void connectingToNoRedisFailsClearly() {
    assertThatThrownBy(
            () ->
                RedisOnlineStores.connect(
                    RedisOnlineStoreOptions.builder()
                        .redisUri("redis://127.0.0.1:1")
                        .connectTimeout(Duration.ofSeconds(2))
                        .build()))
        .isInstanceOf(OnlineStoreUnavailableException.class)
        .hasMessageStartingWith("cannot connect to Redis at 127.0.0.1:1");
  }
}
