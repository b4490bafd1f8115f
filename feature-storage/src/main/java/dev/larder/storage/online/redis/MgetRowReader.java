package dev.larder.storage.online.redis;

import dev.larder.registry.errors.InvalidEntityKeyException;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStoreUnavailableException;
import dev.larder.storage.online.RowKey;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reads rows in one round trip: every key of a request goes out in a single {@code MGET}.
 *
 * <p>Uses the shared read connection (auto-flush on; Lettuce pipelines the commands of all threads
 * on it). Rows are decoded, and the returned future completes, on the given executor (which may be
 * Lettuce's I/O thread itself); no thread blocks. Thread-safe.
 */
final class MgetRowReader {

  private final RedisAsyncCommands<byte[], byte[]> commands;
  private final RedisKeyLayout layout;
  private final Executor executor;
  private final int offloadThreshold;

  /**
   * @param executor where the answers of large reads are decoded and their futures complete
   * @param offloadThreshold reads of at least this many keys go to {@code executor}; smaller ones
   *     are decoded on the I/O thread, where a hop to another thread would cost more than it saves
   */
  MgetRowReader(
      RedisAsyncCommands<byte[], byte[]> commands,
      RedisKeyLayout layout,
      Executor executor,
      int offloadThreshold) {
    this.commands = commands;
    this.layout = layout;
    this.executor = executor;
    this.offloadThreshold = offloadThreshold;
  }

  /**
   * Reads the rows of {@code keys}.
   *
   * @return a future of one entry per key, in key order, null where Redis holds no row; it fails
   *     with {@link InvalidEntityKeyException} (nothing sent) when an entity does not fit its view,
   *     and with {@link OnlineStoreUnavailableException} (keeping the cause) when Redis fails,
   *     times out, or holds a row this reader cannot decode
   */
  CompletableFuture<List<OnlineRow>> read(List<RowKey> keys) {
    int n = keys.size();
    if (n == 0) {
      return CompletableFuture.completedFuture(List.of());
    }
    byte[][] redisKeys = new byte[n][];
    try {
      FeatureView view = null;
      byte[] prefix = null;
      for (int i = 0; i < n; i++) {
        RowKey key = keys.get(i);
        if (key.view() != view) {
          view = key.view();
          prefix = layout.prefix(view);
        }
        redisKeys[i] = layout.key(view, prefix, key.entity());
      }
    } catch (InvalidEntityKeyException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<List<OnlineRow>> result = new CompletableFuture<>();
    try {
      commands
          .mget(redisKeys)
          .whenCompleteAsync(
              (found, error) -> {
                if (error != null) {
                  result.completeExceptionally(
                      RedisFailures.unavailable("MGET of " + n + " keys", error));
                  return;
                }
                try {
                  result.complete(decode(redisKeys, found));
                } catch (RuntimeException e) {
                  result.completeExceptionally(
                      new OnlineStoreUnavailableException(e.getMessage(), e));
                }
              },
              n >= offloadThreshold ? executor : Runnable::run);
    } catch (RuntimeException e) {
      result.completeExceptionally(RedisFailures.unavailable("MGET of " + n + " keys", e));
    }
    return result;
  }

  private static List<OnlineRow> decode(byte[][] keys, List<KeyValue<byte[], byte[]>> found) {
    if (found.size() != keys.length) {
      throw new IllegalStateException(
          "MGET answered " + found.size() + " values for " + keys.length + " keys");
    }
    OnlineRow[] rows = new OnlineRow[keys.length];
    for (int i = 0; i < keys.length; i++) {
      KeyValue<byte[], byte[]> kv = found.get(i);
      if (kv.hasValue()) {
        try {
          rows[i] = RowCodec.decode(kv.getValue());
        } catch (RowFormatException e) {
          throw new RowFormatException(
              "cannot read key "
                  + new String(keys[i], StandardCharsets.UTF_8)
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
    }
    return Collections.unmodifiableList(Arrays.asList(rows));
  }
}
