package dev.larder.pipelines.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Up to {@link #SIZE} consecutive rows of one side of the join, as primitive arrays: the unit the
 * client hands to Flink, so that the job graph holds a few large elements instead of one per row. A
 * Flink POJO.
 */
public final class RowChunk {

  static final int SIZE = 1 << 14;

  /** The position of the chunk's first row on its side. */
  public int offset;

  public int[] keys;
  public long[] times;

  /** Created times and sequence numbers of view rows; null for entity rows. */
  public long[] created;

  public long[] sequences;

  public RowChunk() {}

  /**
   * Cuts rows {@code [0, count)} into chunks; {@code created} and {@code sequences} may be null.
   */
  static List<RowChunk> of(int count, int[] keys, long[] times, long[] created, long[] sequences) {
    List<RowChunk> chunks = new ArrayList<>();
    for (int from = 0; from < count; from += SIZE) {
      int to = Math.min(count, from + SIZE);
      RowChunk c = new RowChunk();
      c.offset = from;
      c.keys = Arrays.copyOfRange(keys, from, to);
      c.times = Arrays.copyOfRange(times, from, to);
      c.created = created == null ? null : Arrays.copyOfRange(created, from, to);
      c.sequences = sequences == null ? null : Arrays.copyOfRange(sequences, from, to);
      chunks.add(c);
    }
    return chunks;
  }

  /** Expands chunks into rows, leaving out rows of entities no row can match (id -1). */
  static final class Expand implements FlatMapFunction<RowChunk, JoinRow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(RowChunk c, Collector<JoinRow> out) {
      for (int i = 0; i < c.keys.length; i++) {
        if (c.keys[i] >= 0) {
          out.collect(
              new JoinRow(
                  c.keys[i],
                  c.offset + i,
                  c.times[i],
                  c.created == null ? 0 : c.created[i],
                  c.sequences == null ? 0 : c.sequences[i]));
        }
      }
    }
  }
}
