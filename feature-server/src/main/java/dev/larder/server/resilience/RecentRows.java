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
 * replacing whatever was there, and is forgotten {@code expireAfterWrite} after it was read from
 * the store. The table thus keeps roughly the most recent rows at the cost of one array write per
 * row served: a bounded LRU/LFU cache (Caffeine) spent three quarters of the serving threads' CPU
 * on its eviction bookkeeping in a batch-100 benchmark, where every read remembers 2,500 rows. A
 * table of size 0 remembers nothing. Thread-safe and lock-free.
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
      if (row != null) {
        Key key = Key.of(keys.get(i));
        slots.lazySet(slot(key), new Remembered(key, row, now));
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
        Key key = Key.of(rowKey);
        Remembered r = slots.get(slot(key));
        if (r != null && now - r.rememberedNanos() < expireNanos && r.key().equals(key)) {
          row = r.row();
        }
      }
      recalled.add(row);
    }
    return recalled;
  }

  private int slot(Key key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & mask;
  }

  /** A row in its slot, with its key and when it was read from the store. */
  private record Remembered(Key key, StoredRow row, long rememberedNanos) {}

  /**
   * A row's identity: the view version by name, not by definition, so that rows stay usable across
   * additive revisions of the view.
   */
  private record Key(String project, String view, int version, List<Value> entity) {
    static Key of(RowKey key) {
      FeatureView view = key.view();
      return new Key(view.project(), view.name(), view.version(), key.entity());
    }
  }
}
