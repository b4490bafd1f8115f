package dev.larder.storage.online.redis;

import dev.larder.registry.errors.InvalidEntityKeyException;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.online.OnlineStoreUnavailableException;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads rows in one round trip: every key of a request goes out in a single {@code MGET} (on a
 * Redis Cluster, one {@code MGET} per slot, all sent at once, each to the node owning the slot).
 *
 * <p>Uses the shared read connection (auto-flush on; Lettuce pipelines the commands of all threads
 * on it). Rows are checked (not decoded into objects), and the returned future completes, on the
 * given executor (which may be Lettuce's I/O thread itself); no thread blocks. Thread-safe.
 */
final class MgetRowReader {

  private static final Logger log = LoggerFactory.getLogger(MgetRowReader.class);

  /** Unreadable rows are logged at most this often; the count says how many there were. */
  private static final Duration UNREADABLE_LOG_INTERVAL = Duration.ofSeconds(10);

  private final RedisClusterAsyncCommands<byte[], byte[]> commands;
  private final RedisKeyLayout layout;
  private final Executor executor;
  private final int offloadThreshold;
  private final AtomicLong unreadableRows = new AtomicLong();
  private final AtomicLong lastUnreadableLog =
      new AtomicLong(System.nanoTime() - UNREADABLE_LOG_INTERVAL.toNanos());

  /**
   * @param executor where the answers of large reads are checked and their futures complete
   * @param offloadThreshold reads of at least this many keys go to {@code executor}; smaller ones
   *     are checked on the I/O thread, where a hop to another thread would cost more than it saves
   */
  MgetRowReader(
      RedisClusterAsyncCommands<byte[], byte[]> commands,
      RedisKeyLayout layout,
      Executor executor,
      int offloadThreshold) {
    this.commands = commands;
    this.layout = layout;
    this.executor = callerRunsWhenRejected(executor);
    this.offloadThreshold = offloadThreshold;
  }

  /**
   * Runs a task the executor refuses on the calling thread: a refused completion stage would never
   * complete, and the read waiting on it would hang.
   */
  private static Executor callerRunsWhenRejected(Executor executor) {
    return task -> {
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        task.run();
      }
    };
  }

  /**
   * Reads the rows of {@code keys}.
   *
   * @return a future of one entry per key, in key order, null where Redis holds no row; it fails
   *     with {@link InvalidEntityKeyException} (nothing sent) when an entity does not fit its view,
   *     and with {@link OnlineStoreUnavailableException} (keeping the cause) when Redis fails or
   *     times out; a stored row this reader cannot read is a null entry
   */
  CompletableFuture<List<StoredRow>> read(List<RowKey> keys) {
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
    try {
      return commands
          .mget(redisKeys)
          .toCompletableFuture()
          .handleAsync(
              (found, error) -> {
                if (error != null) {
                  throw RedisFailures.unavailable("MGET of " + n + " keys", error);
                }
                return rows(redisKeys, found);
              },
              n >= offloadThreshold ? executor : Runnable::run);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(RedisFailures.unavailable("MGET of " + n + " keys", e));
    }
  }

  /**
   * Reads the rows of an MGET answer. A row this reader cannot read (a newer format written during
   * a rolling upgrade, or corrupt bytes) is reported as missing for its key alone, and logged, so
   * the rest of the request is still served.
   */
  private List<StoredRow> rows(byte[][] keys, List<KeyValue<byte[], byte[]>> found) {
    if (found.size() != keys.length) {
      throw new IllegalStateException(
          "MGET answered " + found.size() + " values for " + keys.length + " keys");
    }
    StoredRow[] rows = new StoredRow[keys.length];
    for (int i = 0; i < keys.length; i++) {
      KeyValue<byte[], byte[]> kv = found.get(i);
      if (kv.hasValue()) {
        try {
          rows[i] = RowCodec.read(kv.getValue());
        } catch (RowFormatException e) {
          unreadable(keys[i], e);
        }
      }
    }
    return Collections.unmodifiableList(Arrays.asList(rows));
  }

  private void unreadable(byte[] key, RowFormatException e) {
    long count = unreadableRows.incrementAndGet();
    long now = System.nanoTime();
    long last = lastUnreadableLog.get();
    if (now - last >= UNREADABLE_LOG_INTERVAL.toNanos()
        && lastUnreadableLog.compareAndSet(last, now)) {
      log.warn(
          "cannot read key {} ({} unreadable rows served as missing so far): {}",
          new String(key, StandardCharsets.UTF_8),
          count,
          e.getMessage());
    }
  }

  /** How many stored rows could not be decoded and were served as missing. */
  long unreadableRows() {
    return unreadableRows.get();
  }
}
