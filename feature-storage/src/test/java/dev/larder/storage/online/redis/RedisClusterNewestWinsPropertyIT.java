package dev.larder.storage.online.redis;

import dev.larder.testing.RedisClusterExtension;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The newest-wins property on Redis Cluster. */
class RedisClusterNewestWinsPropertyIT extends NewestWinsContract {

  private static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

  @BeforeContainer
  static void start() {
    CLUSTER.start();
    connect(CLUSTER);
  }

  @AfterContainer
  static void stop() {
    disconnect();
    CLUSTER.close();
  }
}
