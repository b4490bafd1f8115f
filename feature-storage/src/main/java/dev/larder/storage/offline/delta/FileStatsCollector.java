package dev.larder.storage.offline.delta;

import dev.larder.proto.types.v1.Value;
import dev.larder.storage.offline.KeyOrder;
import dev.larder.storage.offline.OfflineRow;
import java.util.Arrays;

/** Gathers the {@link FileStats} of a file from its rows as they are written. Not thread-safe. */
final class FileStatsCollector {

  private final Value[] keyMin;
  private final Value[] keyMax;
  private long count;
  private long minEvent = Long.MAX_VALUE;
  private long maxEvent = Long.MIN_VALUE;

  FileStatsCollector(int joinKeyCount) {
    this.keyMin = new Value[joinKeyCount];
    this.keyMax = new Value[joinKeyCount];
  }

  void add(OfflineRow row) {
    count++;
    minEvent = Math.min(minEvent, row.eventTimeMicros());
    maxEvent = Math.max(maxEvent, row.eventTimeMicros());
    for (int k = 0; k < keyMin.length; k++) {
      Value key = row.entity().get(k);
      if (keyMin[k] == null || KeyOrder.compare(key, keyMin[k]) < 0) {
        keyMin[k] = key;
      }
      if (keyMax[k] == null || KeyOrder.compare(key, keyMax[k]) > 0) {
        keyMax[k] = key;
      }
    }
  }

  long count() {
    return count;
  }

  /** The statistics of the rows added so far; at least one row must have been added. */
  FileStats result() {
    return new FileStats(
        count, minEvent, maxEvent, Arrays.asList(keyMin.clone()), Arrays.asList(keyMax.clone()));
  }
}
