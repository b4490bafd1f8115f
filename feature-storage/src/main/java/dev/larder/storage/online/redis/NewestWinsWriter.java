package dev.larder.storage.online.redis;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.errors.InvalidRowsException;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.ValueTypes;
import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.WriteSummary;
import io.lettuce.core.api.StatefulConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Writes rows newest-wins with {@link NewestWinsScript}, pipelined in batches.
 *
 * <p>Uses a dedicated connection with auto-flush off: a batch of script calls is queued, flushed
 * with one {@code flushCommands()}, and the next batch goes out when the whole batch has answered
 * (from Lettuce's callback; nothing blocks). Concurrent {@link #write} calls share the connection;
 * their batches interleave, which the script makes harmless.
 *
 * <p>A script call holds rows of one {@link RedisConnections#scriptGroup} only: on a Redis Cluster
 * the rows of a write are ordered by slot (rows of one key keep their order) and a call ends where
 * the slot changes; on one server every row is in one group. Thread-safe.
 */
final class NewestWinsWriter {

  /**
   * Rows per script call: enough to spread a call's fixed cost in Redis, few enough that one call
   * blocks Redis for well under a millisecond (see {@link NewestWinsScript}).
   */
  static final int ROWS_PER_SCRIPT_CALL = 100;

  private static final byte[] NO_EXPIRY = new byte[0];

  private final RedisConnections connections;
  private final StatefulConnection<byte[], byte[]> connection;
  private final NewestWinsScript script;
  private final RedisKeyLayout layout;
  private final Duration expiryGrace;
  private final int batchSize;
  private final Clock clock;

  /**
   * @param connections whose write connection is used by nothing else; this writer turns its
   *     auto-flush off
   * @param expiryGrace null for a grace equal to each view's ttl
   */
  NewestWinsWriter(
      RedisConnections connections,
      RedisKeyLayout layout,
      Duration expiryGrace,
      int batchSize,
      Clock clock) {
    this.connections = connections;
    this.connection = connections.write();
    this.script = new NewestWinsScript(connection, connections.writeCommands());
    this.layout = layout;
    this.expiryGrace = expiryGrace;
    this.batchSize = batchSize;
    this.clock = clock;
    connection.setAutoFlushCommands(false);
  }

  /**
   * Writes rows of one view version newest-wins.
   *
   * @return a future of what happened to the rows; it fails with {@link InvalidArgumentException}
   *     (nothing written) when a row does not fit the view, and with
   *     OnlineStoreUnavailableException when Redis fails or times out, in which case earlier
   *     batches may have been written (writing the same rows again is safe)
   */
  CompletableFuture<WriteSummary> write(FeatureView view, List<EntityRow> rows) {
    List<PendingWrite> pending = new ArrayList<>(rows.size());
    long expired;
    try {
      expired = prepare(view, rows, pending);
    } catch (InvalidArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (pending.isEmpty()) {
      return CompletableFuture.completedFuture(new WriteSummary(0, 0, expired));
    }
    if (connections.cluster()) {
      pending.sort(BY_GROUP);
    }
    Batches batches =
        new Batches(
            pending, expired, "newest-wins write of " + pending.size() + " rows of " + view);
    batches.sendFrom(0);
    return batches.done;
  }

  /** Validates and encodes the rows; returns how many are already past their expiry. */
  private long prepare(FeatureView view, List<EntityRow> rows, List<PendingWrite> out) {
    byte[] prefix = layout.prefix(view);
    Optional<Duration> ttl = view.ttl();
    boolean expires = ttl.isPresent();
    long lifetimeMillis =
        ttl.map(t -> saturatedAdd(millis(t), millis(expiryGrace == null ? t : expiryGrace)))
            .orElse(0L);
    long now = clock.millis();
    long expired = 0;
    for (int i = 0; i < rows.size(); i++) {
      EntityRow row = rows.get(i);
      checkValues(view, i, row.row());
      byte[] key = layout.key(view, prefix, row.entity());
      byte[] expireAt = NO_EXPIRY;
      if (expires) {
        long eventMillis = Math.floorDiv(row.row().eventTimeMicros(), 1000L);
        long expireAtMillis = saturatedAdd(eventMillis, lifetimeMillis);
        if (expireAtMillis <= now) {
          expired++;
          continue;
        }
        expireAt = decimal(expireAtMillis);
      }
      out.add(
          new PendingWrite(
              key, RowCodec.encode(row.row()), expireAt, connections.scriptGroup(key)));
    }
    return expired;
  }

  private static void checkValues(FeatureView view, int index, OnlineRow row) {
    List<Feature> features = view.features();
    List<Value> values = row.values();
    String where =
        "row " + index + " for feature view " + view.project() + ":" + view.qualifiedName();
    if (values.size() != features.size()) {
      throw new InvalidRowsException(
          where
              + " has "
              + values.size()
              + " values but the view has "
              + features.size()
              + " features");
    }
    for (int f = 0; f < values.size(); f++) {
      Value value = values.get(f);
      ValueType type = features.get(f).type();
      if (ValueTypes.typeOf(value).isPresent() && !ValueTypes.holds(value, type)) {
        throw new InvalidRowsException(
            where
                + ": feature "
                + features.get(f).name()
                + " expects "
                + ValueTypes.displayName(type)
                + ", got "
                + ValueTypes.nameOf(value));
      }
    }
  }

  private static long millis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow only when both have the sign the sum lacks.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  private static byte[] decimal(long v) {
    byte[] out = new byte[RedisKeyLayout.decimalLength(v)];
    RedisKeyLayout.writeDecimal(v, out, 0);
    return out;
  }

  /** A row ready to send; {@code group} is its key's {@link RedisConnections#scriptGroup}. */
  private record PendingWrite(byte[] key, byte[] row, byte[] expireAtMillis, int group) {}

  /** Stable (List.sort is), so the rows of one key keep their order. */
  private static final Comparator<PendingWrite> BY_GROUP =
      Comparator.comparingInt(PendingWrite::group);

  /** The batches of one write call, sent one after another; {@link #done} completes with all. */
  private final class Batches {
    final CompletableFuture<WriteSummary> done = new CompletableFuture<>();
    private final List<PendingWrite> pending;
    private final long expired;
    private final String what;
    private long written;

    Batches(List<PendingWrite> pending, long expired, String what) {
      this.pending = pending;
      this.expired = expired;
      this.what = what;
    }

    /**
     * Sends the batches from {@code start}; loops while batches answer at once, to bound the stack.
     */
    void sendFrom(int start) {
      int from = start;
      while (from < pending.size()) {
        int end = Math.min(from + batchSize, pending.size());
        List<CompletableFuture<Long>> results = new ArrayList<>(end - from);
        try {
          for (int i = from; i < end; ) {
            int to = callEnd(i, end);
            results.add(call(i, to));
            i = to;
          }
        } catch (RuntimeException e) {
          fail(e);
          return;
        } finally {
          connection.flushCommands();
        }
        CompletableFuture<Void> all =
            CompletableFuture.allOf(results.toArray(CompletableFuture<?>[]::new));
        if (!all.isDone() || all.isCompletedExceptionally()) {
          int next = end;
          all.whenComplete(
              (ignored, error) -> {
                if (error != null) {
                  fail(error);
                } else {
                  count(results);
                  sendFrom(next);
                }
              });
          return;
        }
        count(results);
        from = end;
      }
      done.complete(new WriteSummary(written, pending.size() - written, expired));
    }

    /**
     * Where the script call starting at {@code from} ends: after {@link #ROWS_PER_SCRIPT_CALL}
     * rows, at the batch's {@code end}, or where the group changes, whichever comes first.
     */
    private int callEnd(int from, int end) {
      int limit = Math.min(from + ROWS_PER_SCRIPT_CALL, end);
      int group = pending.get(from).group();
      int to = from + 1;
      while (to < limit && pending.get(to).group() == group) {
        to++;
      }
      return to;
    }

    /** Queues the script call of the pending rows {@code [from, to)}. */
    private CompletableFuture<Long> call(int from, int to) {
      byte[][] keys = new byte[to - from][];
      byte[][] args = new byte[2 * (to - from)][];
      for (int i = from; i < to; i++) {
        PendingWrite w = pending.get(i);
        keys[i - from] = w.key();
        args[2 * (i - from)] = w.row();
        args[2 * (i - from) + 1] = w.expireAtMillis();
      }
      return script.run(keys, args);
    }

    private void count(List<CompletableFuture<Long>> results) {
      for (CompletableFuture<Long> result : results) {
        written += result.join();
      }
    }

    private void fail(Throwable error) {
      done.completeExceptionally(RedisFailures.unavailable(what, error));
    }
  }
}
