package dev.larder.storage.online.redis;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidRowsException;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.ValueTypes;
import dev.larder.storage.online.EncodedKey;
import dev.larder.storage.online.EncodedRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.RowEncoder;
import dev.larder.storage.online.WriteSummary;
import io.lettuce.core.SetArgs;
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
 * <p>Uses a dedicated connection with auto-flush off: a batch of commands is queued, flushed with
 * one {@code flushCommands()}, and the next batch goes out when the whole batch has answered (from
 * Lettuce's callback; nothing blocks). Concurrent {@link #write} calls share the connection; their
 * batches interleave, which the script makes harmless.
 *
 * <p>A key Redis does not hold needs no comparison, and a plain {@code SET … NX} of it costs Redis
 * about a third of a script's {@code SET} (materialization benchmark, 1M rows: about 5 s of Redis
 * CPU through the script, 1.5 s for plain {@code SET}s, 3.1 s this way). So while most keys of
 * recent batches were absent, as when a new view version is first loaded, a batch first sends each
 * row as {@code SET key row NX [PXAT expiry]}; the rows whose key existed then go through the
 * script, in order. While most keys exist, as in incremental runs and streaming, batches go
 * straight to the script. Both paths are atomic per command, so either may race the other or
 * another writer: {@code NX} only ever stores a row where the script would have found nothing to
 * compare with.
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

  /** When a batch tries {@code SET … NX} before the script. */
  enum AbsentKeys {
    /** While more than half the keys of recent batches were absent (the default). */
    ADAPTIVE,
    /** Every batch. */
    ALWAYS,
    /** No batch: every row goes through the script. */
    NEVER
  }

  private final RedisConnections connections;
  private final StatefulConnection<byte[], byte[]> connection;
  private final NewestWinsScript script;
  private final RedisKeyLayout layout;
  private final Duration expiryGrace;
  private final int batchSize;
  private final Clock clock;
  private final AbsentKeys absentKeys;

  /**
   * The share of keys found absent in recent batches, a moving average updated by every batch;
   * starts at 0 so that a writer's first batch goes through the script, which counts them.
   */
  private volatile double absentShare;

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
      Clock clock,
      AbsentKeys absentKeys) {
    this.connections = connections;
    this.connection = connections.write();
    this.script = new NewestWinsScript(connection, connections.writeCommands());
    this.layout = layout;
    this.expiryGrace = expiryGrace;
    this.batchSize = batchSize;
    this.clock = clock;
    this.absentKeys = absentKeys;
    connection.setAutoFlushCommands(false);
  }

  /** Checks rows of {@code view} and encodes them as this writer stores them. */
  RowEncoder encoder(FeatureView view) {
    byte[] prefix = layout.prefix(view);
    Optional<Duration> ttl = view.ttl();
    boolean expires = ttl.isPresent();
    long lifetimeMillis =
        ttl.map(t -> saturatedAdd(millis(t), millis(expiryGrace == null ? t : expiryGrace)))
            .orElse(0L);
    return (row, index) -> {
      OnlineRow values = row.row();
      checkValues(view, index, values);
      byte[] key = layout.key(view, prefix, row.entity());
      long expireAt = EncodedRow.NEVER_EXPIRES;
      if (expires) {
        expireAt = saturatedAdd(Math.floorDiv(values.eventTimeMicros(), 1000L), lifetimeMillis);
      }
      return new EncodedRow(
          new EncodedKey(key),
          RowCodec.encode(values),
          values.eventTimeMicros(),
          values.createdTimeMicros(),
          expireAt);
    };
  }

  /**
   * Writes rows of {@link #encoder} newest-wins.
   *
   * @return a future of what happened to the rows; it fails with OnlineStoreUnavailableException
   *     when Redis fails or times out, in which case earlier batches may have been written (writing
   *     the same rows again is safe)
   */
  CompletableFuture<WriteSummary> write(FeatureView view, List<EncodedRow> rows) {
    long now = clock.millis();
    long expired = 0;
    List<PendingWrite> pending = new ArrayList<>(rows.size());
    for (EncodedRow row : rows) {
      if (row.expiredAt(now)) {
        expired++;
      } else {
        pending.add(new PendingWrite(row, connections.scriptGroup(row.key().bytes())));
      }
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

  private static void checkValues(FeatureView view, long index, OnlineRow row) {
    List<Feature> features = view.features();
    List<Value> values = row.values();
    if (values.size() != features.size()) {
      throw new InvalidRowsException(
          where(view, index)
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
            where(view, index)
                + ": feature "
                + features.get(f).name()
                + " expects "
                + ValueTypes.displayName(type)
                + ", got "
                + ValueTypes.nameOf(value));
      }
    }
  }

  /** Names a row in an error; built only when there is one, as it costs more than the checks. */
  private static String where(FeatureView view, long index) {
    return "row " + index + " for feature view " + view.project() + ":" + view.qualifiedName();
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

  /** A row to send, with its key's {@link RedisConnections#scriptGroup}. */
  private record PendingWrite(EncodedRow encoded, int group) {

    byte[] key() {
      return encoded.key().bytes();
    }

    byte[] row() {
      return encoded.value();
    }

    byte[] expiryArgument() {
      long expireAt = encoded.expireAtMillis();
      return expireAt == EncodedRow.NEVER_EXPIRES ? NO_EXPIRY : decimal(expireAt);
    }

    SetArgs setIfAbsent() {
      SetArgs args = SetArgs.Builder.nx();
      long expireAt = encoded.expireAtMillis();
      return expireAt == EncodedRow.NEVER_EXPIRES ? args : args.pxAt(expireAt);
    }
  }

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
        CompletableFuture<Long> batch;
        try {
          batch = trySetIfAbsent() ? setIfAbsentThenScript(from, end) : scripts(from, end);
        } catch (RuntimeException e) {
          fail(e);
          return;
        }
        if (!batch.isDone() || batch.isCompletedExceptionally()) {
          int next = end;
          batch.whenComplete(
              (count, error) -> {
                if (error != null) {
                  fail(error);
                } else {
                  written += count;
                  sendFrom(next);
                }
              });
          return;
        }
        written += batch.join();
        from = end;
      }
      done.complete(new WriteSummary(written, pending.size() - written, expired));
    }

    private boolean trySetIfAbsent() {
      return switch (absentKeys) {
        case ALWAYS -> true;
        case NEVER -> false;
        case ADAPTIVE -> absentShare > 0.5;
      };
    }

    /**
     * Sends the pending rows {@code [from, end)} as {@code SET … NX}, then the rows whose key
     * existed through the script; completes with how many rows were stored.
     */
    private CompletableFuture<Long> setIfAbsentThenScript(int from, int end) {
      List<CompletableFuture<String>> replies = new ArrayList<>(end - from);
      try {
        for (int i = from; i < end; i++) {
          PendingWrite w = pending.get(i);
          replies.add(
              connections
                  .writeCommands()
                  .set(w.key(), w.row(), w.setIfAbsent())
                  .toCompletableFuture());
        }
      } finally {
        connection.flushCommands();
      }
      return CompletableFuture.allOf(replies.toArray(CompletableFuture<?>[]::new))
          .thenCompose(
              ignored -> {
                List<PendingWrite> present = new ArrayList<>();
                for (int i = from; i < end; i++) {
                  if (replies.get(i - from).join() == null) {
                    present.add(pending.get(i));
                  }
                }
                long stored = (end - from) - present.size();
                noteAbsent(stored, end - from);
                if (present.isEmpty()) {
                  return CompletableFuture.completedFuture(stored);
                }
                return scripts(present, false).thenApply(w -> stored + w);
              });
    }

    /** Sends the pending rows {@code [from, end)} through the script. */
    private CompletableFuture<Long> scripts(int from, int end) {
      return scripts(pending.subList(from, end), true);
    }

    /**
     * Queues the script calls of {@code rows} and flushes them; completes with how many rows were
     * stored. With {@code count}, the keys the script found absent update {@link #absentShare}.
     */
    private CompletableFuture<Long> scripts(List<PendingWrite> rows, boolean count) {
      List<CompletableFuture<List<Long>>> results = new ArrayList<>();
      try {
        for (int i = 0; i < rows.size(); ) {
          int to = callEnd(rows, i);
          results.add(call(rows.subList(i, to)));
          i = to;
        }
      } finally {
        connection.flushCommands();
      }
      return CompletableFuture.allOf(results.toArray(CompletableFuture<?>[]::new))
          .thenApply(
              ignored -> {
                long stored = 0;
                long absent = 0;
                for (CompletableFuture<List<Long>> result : results) {
                  List<Long> reply = result.join();
                  stored += reply.get(0);
                  absent += reply.get(1);
                }
                if (count) {
                  noteAbsent(absent, rows.size());
                }
                return stored;
              });
    }

    /**
     * Where the script call starting at {@code from} ends: after {@link #ROWS_PER_SCRIPT_CALL}
     * rows, at the end of {@code rows}, or where the group changes, whichever comes first.
     */
    private int callEnd(List<PendingWrite> rows, int from) {
      int limit = Math.min(from + ROWS_PER_SCRIPT_CALL, rows.size());
      int group = rows.get(from).group();
      int to = from + 1;
      while (to < limit && rows.get(to).group() == group) {
        to++;
      }
      return to;
    }

    /** Queues the script call of {@code rows}. */
    private CompletableFuture<List<Long>> call(List<PendingWrite> rows) {
      byte[][] keys = new byte[rows.size()][];
      byte[][] args = new byte[2 * rows.size()][];
      for (int i = 0; i < rows.size(); i++) {
        PendingWrite w = rows.get(i);
        keys[i] = w.key();
        args[2 * i] = w.row();
        args[2 * i + 1] = w.expiryArgument();
      }
      return script.run(keys, args);
    }

    private void fail(Throwable error) {
      done.completeExceptionally(RedisFailures.unavailable(what, error));
    }
  }

  /** Folds a batch's share of absent keys into {@link #absentShare}. */
  private void noteAbsent(long absent, int rows) {
    absentShare = (absentShare + (double) absent / rows) / 2;
  }
}
