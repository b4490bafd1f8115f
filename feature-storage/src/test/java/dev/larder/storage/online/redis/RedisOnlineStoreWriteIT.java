package dev.larder.storage.online.redis;

import dev.larder.testing.RedisBackend;
import dev.larder.testing.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The write contract on one Redis server. */
class RedisOnlineStoreWriteIT extends OnlineStoreWriteContract {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  RedisBackend backend() {
    return REDIS;
  }
}
