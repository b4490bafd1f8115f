package dev.larder.storage.online.redis;

import static dev.larder.storage.online.redis.OnlineStoreReadContract.CUSTOMERS;
import static dev.larder.storage.online.redis.OnlineStoreReadContract.entity;
import static dev.larder.storage.online.redis.OnlineStoreReadContract.row;
import static dev.larder.storage.online.redis.StoredRows.decoded;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.OnlineStoreUnavailableException;
import dev.larder.storage.online.RowKey;
import dev.larder.testing.RedisBackend;
import dev.larder.testing.RedisServerExtension;
import io.lettuce.core.RedisCommandTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The read contract on one Redis server, and what only one server can show. */
class RedisOnlineStoreReadIT extends OnlineStoreReadContract {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  RedisBackend backend() {
    return REDIS;
  }

  @Test
  void aSlowRedisFailsTheReadAfterTheCommandTimeoutAndRecovers() throws Exception {
    OnlineRow row = row(CUSTOMERS, 3);
    List<RowKey> keys = List.of(new RowKey(CUSTOMERS, entity(CUSTOMERS, 3)));
    try (OnlineStore impatient =
        RedisOnlineStores.connect(
            REDIS.storeOptions().commandTimeout(Duration.ofMillis(100)).build())) {
      impatient.write(CUSTOMERS, List.of(new EntityRow(entity(CUSTOMERS, 3), row))).get(5, SECONDS);
      REDIS.commands().clientPause(1_000);

      assertThatThrownBy(() -> impatient.read(keys).get(5, SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(OnlineStoreUnavailableException.class)
          .hasMessageContaining("MGET of 1 keys timed out")
          .hasCauseInstanceOf(RedisCommandTimeoutException.class);

      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(decoded(impatient.read(keys).get(5, SECONDS))).containsExactly(row));
    }
  }
}
