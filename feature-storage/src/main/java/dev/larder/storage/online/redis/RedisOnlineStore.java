package dev.larder.storage.online.redis;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.online.EncodedRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowEncoder;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import dev.larder.storage.online.WriteSummary;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online store on one Redis server or a Redis Cluster: {@link MgetRowReader} on a shared
 * connection, {@link NewestWinsWriter} on a dedicated one. Owns its client and client resources.
 * Thread-safe.
 */
final class RedisOnlineStore implements OnlineStore {

  private static final Logger log = LoggerFactory.getLogger(RedisOnlineStore.class);

  private final RedisConnections connections;
  private final MgetRowReader reader;
  private final NewestWinsWriter writer;
  private final Duration shutdownTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  RedisOnlineStore(RedisConnections connections, RedisOnlineStoreOptions options) {
    this(connections, options, NewestWinsWriter.AbsentKeys.ADAPTIVE);
  }

  RedisOnlineStore(
      RedisConnections connections,
      RedisOnlineStoreOptions options,
      NewestWinsWriter.AbsentKeys absentKeys) {
    this.connections = connections;
    RedisKeyLayout layout = new RedisKeyLayout();
    this.reader =
        new MgetRowReader(
            connections.readCommands(),
            layout,
            options.readExecutor().orElse(Runnable::run),
            options.readOffloadThreshold());
    this.writer =
        new NewestWinsWriter(
            connections,
            layout,
            options.expiryGrace().orElse(null),
            options.writeBatchSize(),
            options.clock(),
            absentKeys);
    this.shutdownTimeout = options.shutdownTimeout();
  }

  @Override
  public CompletableFuture<List<StoredRow>> read(List<RowKey> keys) {
    Objects.requireNonNull(keys, "keys");
    return reader.read(keys);
  }

  @Override
  public RowEncoder encoder(FeatureView view) {
    return writer.encoder(Objects.requireNonNull(view, "view"));
  }

  @Override
  public CompletableFuture<WriteSummary> writeEncoded(FeatureView view, List<EncodedRow> rows) {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(rows, "rows");
    return writer.write(view, rows);
  }

  /** Closes both connections, then the client and its I/O threads, waiting at most the timeout. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long timeoutMillis = shutdownTimeout.toMillis();
    await(
        "closing connections",
        CompletableFuture.allOf(connections.read().closeAsync(), connections.write().closeAsync()),
        timeoutMillis);
    await(
        "shutting down the Redis client",
        connections.client().shutdownAsync(0, timeoutMillis, TimeUnit.MILLISECONDS),
        timeoutMillis);
    await(
        "shutting down Redis client resources",
        connections.resources().shutdown(0, timeoutMillis, TimeUnit.MILLISECONDS),
        timeoutMillis);
  }

  private static void await(String what, Future<?> future, long timeoutMillis) {
    try {
      future.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Interrupted while {}", what);
    } catch (ExecutionException e) {
      log.warn("Failed {}", what, e.getCause());
    } catch (TimeoutException e) {
      log.warn("Gave up {} after {} ms", what, timeoutMillis);
    }
  }
}
