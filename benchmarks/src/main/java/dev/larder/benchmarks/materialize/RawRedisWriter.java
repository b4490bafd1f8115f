package dev.larder.benchmarks.materialize;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: plain {@code SET}s of given keys and values, pipelined on a dedicated connection
 * with auto-flush off, in batches, each batch flushed at once and awaited before the next — what a
 * bulk writer does with no newest-wins check and no encoding. Not thread-safe.
 */
final class RawRedisWriter implements AutoCloseable {

  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);

  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisAsyncCommands<byte[], byte[]> commands;

  RawRedisWriter(String redisUrl) {
    client = RedisClient.create(redisUrl);
    connection = client.connect(ByteArrayCodec.INSTANCE);
    connection.setAutoFlushCommands(false);
    commands = connection.async();
  }

  /**
   * Writes every key with its value in batches of {@code batchSize}.
   *
   * @throws IllegalStateException when a batch fails or takes longer than 30 s
   */
  void write(List<byte[]> keys, List<byte[]> values, int batchSize) {
    for (int from = 0; from < keys.size(); from += batchSize) {
      int to = Math.min(from + batchSize, keys.size());
      List<RedisFuture<String>> batch = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        batch.add(commands.set(keys.get(i), values.get(i)));
      }
      connection.flushCommands();
      boolean done =
          LettuceFutures.awaitAll(
              BATCH_TIMEOUT.toMillis(),
              TimeUnit.MILLISECONDS,
              batch.toArray(RedisFuture<?>[]::new));
      if (!done) {
        throw new IllegalStateException("a batch of SETs took longer than " + BATCH_TIMEOUT);
      }
    }
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
