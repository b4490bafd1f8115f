package dev.larder.benchmarks.materialize;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Every key and value a Redis database holds, read with {@code SCAN} and {@code MGET}: the exact
 * bytes a materialization stored, so that the baseline writes the same rows. Also flushes.
 */
final class RedisContents {

  final List<byte[]> keys = new ArrayList<>();
  final List<byte[]> values = new ArrayList<>();

  private RedisContents() {}

  static RedisContents read(String redisUrl) {
    RedisContents contents = new RedisContents();
    RedisClient client = RedisClient.create(redisUrl);
    try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
      RedisCommands<byte[], byte[]> redis = c.sync();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        var page = redis.scan(cursor, ScanArgs.Builder.limit(1000));
        if (!page.getKeys().isEmpty()) {
          for (KeyValue<byte[], byte[]> kv : redis.mget(page.getKeys().toArray(byte[][]::new))) {
            if (kv.hasValue()) {
              contents.keys.add(kv.getKey());
              contents.values.add(kv.getValue());
            }
          }
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown();
    }
    return contents;
  }

  static void flush(String redisUrl) {
    RedisClient client = RedisClient.create(redisUrl);
    try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
      c.sync().flushall();
    } finally {
      client.shutdown();
    }
  }

  static long dbSize(String redisUrl) {
    RedisClient client = RedisClient.create(redisUrl);
    try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
      return c.sync().dbsize();
    } finally {
      client.shutdown();
    }
  }

  /** CPU time the Redis server has used since it started (user + system), in seconds. */
  static double cpuSeconds(String redisUrl) {
    RedisClient client = RedisClient.create(redisUrl);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      double seconds = 0;
      for (String line : c.sync().info("cpu").split("\r?\n")) {
        if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
          seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
        }
      }
      return seconds;
    } finally {
      client.shutdown();
    }
  }

  /** The mean size of the values, in bytes. */
  double meanValueBytes() {
    return values.stream().mapToInt(v -> v.length).average().orElse(0);
  }
}
