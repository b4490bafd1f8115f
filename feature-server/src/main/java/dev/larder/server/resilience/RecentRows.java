package dev.larder.server.resilience;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fallback of reads while the online store is unavailable: a bounded in-process cache of the
 * rows recently served, per view version and entity. Rows are remembered as the store returned them
 * and forgotten after {@code expireAfterWrite}, or earlier when the cache is full (least recently
 * and frequently used first). A cache of size 0 remembers nothing. Thread-safe.
 */
public final class RecentRows {

  /** Rows kept by default: about 100 MB for rows of a few hundred bytes. */
  public static final long DEFAULT_MAX_ROWS = 200_000;

  /** How long a served row stays a fallback by default. */
  public static final Duration DEFAULT_EXPIRE_AFTER_WRITE = Duration.ofMinutes(10);

  private final Cache<Key, StoredRow> rows;
  private final boolean enabled;

  /**
   * @param maxRows the most rows kept, 0 to keep none
   * @param expireAfterWrite how long a row is kept after it was last read from the store
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
    this.enabled = maxRows > 0;
    // Upkeep (eviction, expiry) runs on the thread that reads or writes, not on the common pool:
    // handing it over woke a pool thread on every request, which cost more than the upkeep.
    this.rows =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumSize(maxRows)
            .expireAfterWrite(expireAfterWrite)
            .ticker(ticker)
            .build();
  }

  /**
   * Remembers the rows a read returned.
   *
   * @param stored per key, the row the store returned or null; null entries are not remembered
   */
  public void remember(List<RowKey> keys, List<StoredRow> stored) {
    if (!enabled) {
      return;
    }
    for (int i = 0; i < keys.size(); i++) {
      StoredRow row = stored.get(i);
      if (row != null) {
        rows.put(Key.of(keys.get(i)), row);
      }
    }
  }

  /** Per key, the row last remembered for it, or null. */
  public List<StoredRow> recall(List<RowKey> keys) {
    List<StoredRow> recalled = new ArrayList<>(keys.size());
    for (RowKey key : keys) {
      recalled.add(enabled ? rows.getIfPresent(Key.of(key)) : null);
    }
    return recalled;
  }

  /** The number of rows held, approximately. */
  public long size() {
    return rows.estimatedSize();
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
  }
}
