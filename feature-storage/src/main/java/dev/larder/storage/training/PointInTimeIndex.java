package dev.larder.storage.training;

/**
 * The rows of one feature view, grouped by entity and ordered by time, answering the point-in-time
 * question of DESIGN §7: for an entity and a time {@code t}, the row with {@code t - ttl <=
 * event_ts <= t} that has the greatest event time, then the greatest created time, then the
 * greatest sequence number (the row's place in the table: its file in log order, then its position
 * in the file), so that the answer never depends on the order rows arrived in.
 *
 * <p>Both engines use this class: the local engine over all rows of a view, the Flink engine over
 * the rows of one key group. Building sorts the rows (a counting sort by entity, then a sort by
 * time within each entity); a lookup is a binary search within the entity's rows, over a copy of
 * their event times laid out in sorted order so that it reads adjacent memory. Immutable once
 * built; lookups are thread-safe.
 */
public final class PointInTimeIndex {

  /** No lower bound on event time: a view without ttl. */
  public static final long NO_TTL = -1;

  private final long[] eventTimes;
  private final long[] createdTimes;
  private final long[] sequences;
  private final int[] starts;
  private final int[] order;

  /** The event time of each row in sorted order: a lookup searches these, side by side. */
  private final long[] sortedTimes;

  private final long ttlMicros;

  /**
   * Indexes {@code count} rows; row {@code i} is of entity {@code keyIds[i]} (an id below {@code
   * keyCount}, or -1 to leave the row out) with the given times.
   *
   * @param ttlMicros the view's ttl in microseconds, or {@link #NO_TTL}
   */
  public PointInTimeIndex(
      int count,
      int[] keyIds,
      int keyCount,
      long[] eventTimes,
      long[] createdTimes,
      long[] sequences,
      long ttlMicros) {
    this.eventTimes = eventTimes;
    this.createdTimes = createdTimes;
    this.sequences = sequences;
    this.ttlMicros = ttlMicros;
    this.starts = new int[keyCount + 1];
    for (int i = 0; i < count; i++) {
      if (keyIds[i] >= 0) {
        starts[keyIds[i] + 1]++;
      }
    }
    for (int k = 0; k < keyCount; k++) {
      starts[k + 1] += starts[k];
    }
    this.order = new int[starts[keyCount]];
    int[] next = new int[keyCount];
    for (int i = 0; i < count; i++) {
      int k = keyIds[i];
      if (k >= 0) {
        order[starts[k] + next[k]++] = i;
      }
    }
    for (int k = 0; k < keyCount; k++) {
      sort(starts[k], starts[k + 1]);
    }
    this.sortedTimes = new long[order.length];
    for (int p = 0; p < order.length; p++) {
      sortedTimes[p] = eventTimes[order[p]];
    }
  }

  /**
   * The row that entity {@code keyId} had at time {@code t} (microseconds), or -1 when it had none
   * within the ttl.
   */
  public int lookup(int keyId, long t) {
    if (keyId < 0 || keyId + 1 >= starts.length) {
      return -1;
    }
    int lo = starts[keyId];
    int hi = starts[keyId + 1] - 1;
    int found = -1;
    // The last row (in sorted order) with an event time <= t: the newest by all tie-breakers.
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (sortedTimes[mid] <= t) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0 || (ttlMicros != NO_TTL && sortedTimes[found] < t - ttlMicros)) {
      return -1;
    }
    return order[found];
  }

  private boolean less(int a, int b) {
    if (eventTimes[a] != eventTimes[b]) {
      return eventTimes[a] < eventTimes[b];
    }
    if (createdTimes[a] != createdTimes[b]) {
      return createdTimes[a] < createdTimes[b];
    }
    return sequences[a] < sequences[b];
  }

  /** Sorts {@code order[from, to)}: insertion sort for the short runs most entities have. */
  private void sort(int from, int to) {
    if (to - from < 24) {
      for (int i = from + 1; i < to; i++) {
        int v = order[i];
        int j = i - 1;
        while (j >= from && less(v, order[j])) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = v;
      }
      return;
    }
    int pivot = order[from + (to - from) / 2];
    int lt = from;
    int gt = to - 1;
    int i = from;
    while (i <= gt) {
      int v = order[i];
      if (less(v, pivot)) {
        swap(lt++, i++);
      } else if (less(pivot, v)) {
        swap(i, gt--);
      } else {
        i++;
      }
    }
    sort(from, lt);
    sort(gt + 1, to);
  }

  private void swap(int a, int b) {
    int t = order[a];
    order[a] = order[b];
    order[b] = t;
  }
}
