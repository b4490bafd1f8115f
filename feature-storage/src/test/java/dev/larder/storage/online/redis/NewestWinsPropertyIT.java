package dev.larder.storage.online.redis;

import dev.larder.testing.RedisServerExtension;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The newest-wins property on one Redis server. */
class NewestWinsPropertyIT extends NewestWinsContract {

  private static final RedisServerExtension REDIS = new RedisServerExtension();

  @BeforeContainer
  static void start() {
    REDIS.start();
    connect(REDIS);
  }

  @AfterContainer
  static void stop() {
    disconnect();
    REDIS.close();
  }
}
