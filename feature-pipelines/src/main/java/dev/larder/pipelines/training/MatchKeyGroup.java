package dev.larder.pipelines.training;

import dev.larder.storage.training.PointInTimeIndex;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.CoGroupFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * Matches the entity rows of one entity to its view rows with the same {@link PointInTimeIndex} the
 * local engine uses, so both engines give the same answer; emits (entity row, view row) for each
 * entity row that has a match.
 */
final class MatchKeyGroup implements CoGroupFunction<JoinRow, JoinRow, Tuple2<Integer, Integer>> {
  private static final long serialVersionUID = 1L;

  private final long ttlMicros;

  MatchKeyGroup(long ttlMicros) {
    this.ttlMicros = ttlMicros;
  }

  @Override
  public void coGroup(
      Iterable<JoinRow> entities,
      Iterable<JoinRow> views,
      Collector<Tuple2<Integer, Integer>> out) {
    List<JoinRow> rows = new ArrayList<>();
    views.forEach(rows::add);
    if (rows.isEmpty()) {
      return;
    }
    int n = rows.size();
    int[] keys = new int[n];
    long[] events = new long[n];
    long[] created = new long[n];
    long[] sequences = new long[n];
    for (int i = 0; i < n; i++) {
      JoinRow r = rows.get(i);
      events[i] = r.time;
      created[i] = r.created;
      sequences[i] = r.sequence;
    }
    PointInTimeIndex index =
        new PointInTimeIndex(n, keys, 1, events, created, sequences, ttlMicros);
    for (JoinRow e : entities) {
      int found = index.lookup(0, e.time);
      if (found >= 0) {
        out.collect(Tuple2.of(e.index, rows.get(found).index));
      }
    }
  }
}
