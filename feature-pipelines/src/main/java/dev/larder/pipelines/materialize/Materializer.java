package dev.larder.pipelines.materialize;

import dev.larder.pipelines.sink.redis.OnlineWriteFailedException;
import dev.larder.pipelines.sink.redis.OnlineWrites;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineSnapshot;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TimeRange;
import dev.larder.storage.online.EncodedKey;
import dev.larder.storage.online.EncodedRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowEncoder;
import dev.larder.storage.online.WriteSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the newest row of each entity in an event-time range from the offline store (Delta) to the
 * online store (Redis), newest-wins (DESIGN §8).
 *
 * <p>Plain Java, no Flink: the work is one scan of the pruned files of one table and pipelined
 * writes, which a single process does at Redis' speed; a Flink job would add start-up and
 * serialization and no throughput. The offline store prunes files by partition and statistics.
 *
 * <p>Memory: the range is read one {@code event_date} partition at a time, newest first, so at most
 * one partition's newest rows are held, encoded for the online store as they are read (an {@link
 * EncodedRow} is four small objects, where the row read is a dozen or more, so that holding a large
 * partition costs the garbage collector little), plus the set of entities already sent (their
 * encoded keys only) so that older partitions do not send rows Redis would refuse. Rows go out in
 * chunks of {@link MaterializerSettings#chunkRows()}, at most {@link
 * MaterializerSettings#chunksInFlight()} at once. The online store decides what is stored: a row
 * older than the stored one, or already past {@code event time + ttl + grace}, is not written, so
 * running a materialization again, or over an older range, never makes an online value older.
 *
 * <p>Thread-safe if the stores are; each call blocks until its rows are written.
 */
public final class Materializer {

  /** Initial capacity of a partition's newest-row map, so that a big partition rehashes less. */
  private static final int PARTITION_MAP_CAPACITY = 1 << 16;

  private final OfflineStore offline;
  private final OnlineStore online;
  private final MaterializerSettings settings;
  private final Clock clock;

  public Materializer(
      OfflineStore offline, OnlineStore online, MaterializerSettings settings, Clock clock) {
    this.offline = offline;
    this.online = online;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Materializes the newest rows of {@code range} of the view's newest table version.
   *
   * @return what was read and written
   * @throws MaterializationException when the online store fails or times out; rows written before
   *     stay, and running the same materialization again is safe
   * @throws dev.larder.storage.offline.OfflineStoreException when the table cannot be read
   */
  public MaterializationResult materialize(FeatureView view, TimeRange range) {
    try {
      return copyNewest(view, range);
    } catch (OnlineWriteFailedException e) {
      throw new MaterializationException(
          "materializing " + view.project() + ":" + view.qualifiedName() + ": " + e.getMessage(),
          e.getCause());
    } catch (InvalidArgumentException e) {
      throw new MaterializationException(
          "materializing "
              + view.project()
              + ":"
              + view.qualifiedName()
              + ": a row of the offline table does not fit the view: "
              + e.getMessage(),
          e);
    }
  }

  private MaterializationResult copyNewest(FeatureView view, TimeRange range) {
    Instant started = clock.instant();
    OfflineSnapshot snapshot = offline.snapshot(view);
    OnlineWrites writes =
        new OnlineWrites(
            online, view, settings.chunkRows(), settings.chunksInFlight(), settings.chunkTimeout());
    RowEncoder encoder = writes.encoder();
    AtomicLong read = new AtomicLong();
    long entities = 0;
    Set<EncodedKey> sent = new HashSet<>();
    List<LocalDate> partitions = partitionsNewestFirst(snapshot, range);
    for (int p = 0; p < partitions.size(); p++) {
      LocalDate date = partitions.get(p);
      boolean olderFollow = p < partitions.size() - 1;
      Map<EncodedKey, EncodedRow> newest = new ConcurrentHashMap<>(PARTITION_MAP_CAPACITY);
      snapshot.scanConcurrently(
          ReadFilter.all().withRange(clip(range, date)),
          settings.scanParallelism(),
          offlineRow -> {
            EncodedRow row =
                encoder.encode(OnlineWrites.entityRow(offlineRow), read.getAndIncrement());
            if (!sent.contains(row.key())) {
              newest.merge(row.key(), row, (a, b) -> b.isNewerThan(a) ? b : a);
            }
          });
      entities += newest.size();
      for (EncodedRow row : newest.values()) {
        writes.add(row);
      }
      if (olderFollow) {
        sent.addAll(newest.keySet());
      }
    }
    WriteSummary summary = writes.finish();
    return new MaterializationResult(
        view,
        range,
        snapshot.version(),
        read.get(),
        entities,
        summary,
        Duration.between(started, clock.instant()));
  }

  /** The snapshot's partitions that the range touches, newest first. */
  private static List<LocalDate> partitionsNewestFirst(OfflineSnapshot snapshot, TimeRange range) {
    LocalDate first = LocalDate.ofInstant(range.start(), ZoneOffset.UTC);
    LocalDate last = LocalDate.ofInstant(range.end().minusNanos(1), ZoneOffset.UTC);
    return snapshot.partitions().stream()
        .filter(d -> !d.isBefore(first) && !d.isAfter(last))
        .sorted(Comparator.reverseOrder())
        .toList();
  }

  /** The part of the range on one UTC date. */
  private static TimeRange clip(TimeRange range, LocalDate date) {
    Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant dayEnd = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant start = range.start().isAfter(dayStart) ? range.start() : dayStart;
    Instant end = range.end().isBefore(dayEnd) ? range.end() : dayEnd;
    return new TimeRange(start, end);
  }
}
