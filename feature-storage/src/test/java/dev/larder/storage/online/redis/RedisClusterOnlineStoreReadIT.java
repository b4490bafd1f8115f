package dev.larder.storage.online.redis;

import dev.larder.testing.RedisBackend;
import dev.larder.testing.RedisClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The read contract on a Redis Cluster of 3 masters and 3 replicas. */
class RedisClusterOnlineStoreReadIT extends OnlineStoreReadContract {

  @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

  @Override
  RedisBackend backend() {
    return CLUSTER;
  }
}
