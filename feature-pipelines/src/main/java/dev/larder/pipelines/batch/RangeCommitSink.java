package dev.larder.pipelines.batch;

import dev.larder.storage.offline.StagedFile;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Gathers the files every task staged (parallelism 1; only file descriptions pass through it, never
 * rows) and, at end of input, replaces the range in the view's Delta table with them in one commit
 * under the run's transaction id. End of input comes even when no file does, so an empty range is
 * still replaced (emptied).
 */
final class RangeCommitSink implements Sink<StagedFile> {

  private static final long serialVersionUID = 1L;

  private final CommitTarget target;

  RangeCommitSink(CommitTarget target) {
    this.target = target;
  }

  @Override
  public SinkWriter<StagedFile> createWriter(WriterInitContext context) {
    return new CommitWriter(target);
  }

  /** Not thread-safe; Flink calls it from one task thread. */
  private static final class CommitWriter implements SinkWriter<StagedFile> {
    private final CommitTarget target;
    private final List<StagedFile> files = new ArrayList<>();
    private boolean committed;

    CommitWriter(CommitTarget target) {
      this.target = target;
    }

    @Override
    public void write(StagedFile file, Context context) {
      files.add(file);
    }

    @Override
    public void flush(boolean endOfInput) {
      if (endOfInput && !committed) {
        RangeCommit.commit(target, files);
        committed = true;
      }
    }

    @Override
    public void close() {
      files.clear();
    }
  }
}
