package dev.larder.server.resilience;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The fallback of reads while the online store is unavailable: the rows recently served, per view
 * version and entity, held in a fixed table of slots. A row takes the slot its key hashes to,
 * replacing whatever was there, and is forgotten {@code expireAfterWrite} after it was last read
 * from the store. The table thus keeps roughly the most recent rows at the cost of one array write
 * per row served: a bounded LRU/LFU cache (Caffeine) spent three quarters of the serving threads'
 * CPU on its eviction bookkeeping in a batch-100 benchmark, where every read remembers 2,500 rows.
 *
 * <p>A row read again unchanged (an equal {@link StoredRow} for the same key) keeps the slot's
 * entry and only renews its time: the table then allocates nothing and keeps its old, long-lived
 * entries instead of making each read's rows survive the next young garbage collection, which under
 * a heavy read load had made those collections pause for 100 ms and more. A table of size 0
 * remembers nothing. Thread-safe and lock-free.
 */
public final class RecentRows {

  /** Slots by default: about 100 MB for rows of a few hundred bytes. */
  public static final long DEFAULT_MAX_ROWS = 200_000;

  /** How long a served row stays a fallback by default. */
  public static final Duration DEFAULT_EXPIRE_AFTER_WRITE = Duration.ofMinutes(10);

  /** The largest table: a Java array's limit, rounded down to a power of two. */
  private static final int MAX_SLOTS = 1 << 30;

  private final AtomicReferenceArray<Remembered> slots;
  private final int mask;
  private final long expireNanos;
  private final Ticker ticker;

  /**
   * @param maxRows the most rows kept (the table has this many slots, rounded up to a power of
   *     two), 0 to keep none
   * @param expireAfterWrite how long a row is kept after it was last read from the store
   * @param ticker the clock of expiry, in nanoseconds
   * @throws IllegalArgumentException naming the bad value
   */
  public RecentRows(long maxRows, Duration expireAfterWrite, Ticker ticker) {
    if (maxRows < 0) {
      throw new IllegalArgumentException("fallback cache max rows must be >= 0, was " + maxRows);
    }
    if (expireAfterWrite == null || expireAfterWrite.isNegative() || expireAfterWrite.isZero()) {
      throw new IllegalArgumentException(
          "fallback cache expiry must be a positive duration, was " + expireAfterWrite);
    }
    long capped = Math.min(maxRows, MAX_SLOTS);
    int size = (int) (capped <= 1 ? capped : Long.highestOneBit(capped - 1) << 1);
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
    this.expireNanos = expireAfterWrite.toNanos();
    this.ticker = ticker;
  }

  /**
   * Remembers the rows a read returned.
   *
   * @param stored per key, the row the store returned or null; null entries are not remembered
   */
  public void remember(List<RowKey> keys, List<StoredRow> stored) {
    if (mask < 0) {
      return;
    }
    long now = ticker.read();
    for (int i = 0; i < keys.size(); i++) {
      StoredRow row = stored.get(i);
      if (row == null) {
        continue;
      }
      RowKey rowKey = keys.get(i);
      int slot = slot(Key.hash(rowKey));
      Remembered held = slots.get(slot);
      if (held != null && held.key().matches(rowKey) && held.row().equals(row)) {
        held.renew(now);
      } else {
        slots.lazySet(slot, new Remembered(Key.of(rowKey), row, now));
      }
    }
  }

  /** Per key, the row last remembered for it and not expired, or null. */
  public List<StoredRow> recall(List<RowKey> keys) {
    List<StoredRow> recalled = new ArrayList<>(keys.size());
    long now = ticker.read();
    for (RowKey rowKey : keys) {
      StoredRow row = null;
      if (mask >= 0) {
        Remembered r = slots.get(slot(Key.hash(rowKey)));
        if (r != null && now - r.rememberedNanos() < expireNanos && r.key().matches(rowKey)) {
          row = r.row();
        }
      }
      recalled.add(row);
    }
    return recalled;
  }

  private int slot(int hash) {
    return (hash ^ (hash >>> 16)) & mask;
  }

  /**
   * A row in its slot, with its key and when it was last read from the store. The time is renewed
   * in place when the same row is read again; a reader may see the old time for a moment, which
   * only shortens the row's life as a fallback by that moment.
   */
  private static final class Remembered {
    private final Key key;
    private final StoredRow row;
    private volatile long rememberedNanos;

    Remembered(Key key, StoredRow row, long rememberedNanos) {
      this.key = key;
      this.row = row;
      this.rememberedNanos = rememberedNanos;
    }

    Key key() {
      return key;
    }

    StoredRow row() {
      return row;
    }

    long rememberedNanos() {
      return rememberedNanos;
    }

    void renew(long nanos) {
      rememberedNanos = nanos;
    }
  }

  /**
   * A row's identity: the view version by name, not by definition, so that rows stay usable across
   * additive revisions of the view.
   */
  private record Key(String project, String view, int version, List<Value> entity) {
    static Key of(RowKey key) {
      FeatureView view = key.view();
      return new Key(view.project(), view.name(), view.version(), key.entity());
    }

    /** The slot hash of a key, computed from the {@link RowKey} without making a {@link Key}. */
    static int hash(RowKey key) {
      FeatureView view = key.view();
      int h = view.project().hashCode();
      h = 31 * h + view.name().hashCode();
      h = 31 * h + view.version();
      return 31 * h + key.entity().hashCode();
    }

    boolean matches(RowKey key) {
      FeatureView v = key.view();
      return version == v.version()
          && view.equals(v.name())
          && project.equals(v.project())
          && entity.equals(key.entity());
    }
  }
}
