package dev.larder.pipelines.batch;

import dev.larder.pipelines.transform.FeatureRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Gathers every row of the run (parallelism 1) and, at end of input, replaces the range in the
 * view's Delta table in one commit through {@link RangeCommit}. End of input comes even when no row
 * does, so an empty range is still replaced (emptied).
 */
final class DeltaRangeSink implements Sink<FeatureRow> {

  private static final long serialVersionUID = 1L;

  private final CommitTarget target;

  DeltaRangeSink(CommitTarget target) {
    this.target = target;
  }

  @Override
  public SinkWriter<FeatureRow> createWriter(WriterInitContext context) {
    return new RangeWriter(target);
  }

  /** Not thread-safe; Flink calls it from one task thread. */
  private static final class RangeWriter implements SinkWriter<FeatureRow> {
    private final CommitTarget target;
    private final List<FeatureRow> rows = new ArrayList<>();
    private boolean committed;

    RangeWriter(CommitTarget target) {
      this.target = target;
    }

    @Override
    public void write(FeatureRow row, Context context) {
      rows.add(row);
    }

    @Override
    public void flush(boolean endOfInput) {
      if (endOfInput && !committed) {
        RangeCommit.commit(target, rows);
        committed = true;
        rows.clear();
      }
    }

    @Override
    public void close() {
      rows.clear();
    }
  }
}
