package dev.larder.pipelines.batch;

import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.FeatureValues;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.StagedFile;
import dev.larder.storage.offline.StagedWriter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Writes a run's feature rows into staged files of the view's table, in every parallel task, with
 * bounded memory; at end of input it emits the files it staged, for {@link RangeCommitSink} to
 * commit together. Staged files are invisible to readers until then.
 */
final class StageRows extends AbstractStreamOperator<StagedFile>
    implements OneInputStreamOperator<FeatureRow, StagedFile>, BoundedOneInput {

  private static final long serialVersionUID = 1L;

  private final CommitTarget target;
  private transient FeatureView view;
  private transient StagedWriter writer;

  StageRows(CommitTarget target) {
    this.target = target;
  }

  @Override
  public void open() throws Exception {
    super.open();
    view = target.featureView();
    writer = RangeCommit.store(target.offlineRoot(), target.hadoopProperties()).stage(view);
  }

  @Override
  public void processElement(StreamRecord<FeatureRow> element) {
    writer.write(FeatureValues.toOfflineRow(view, element.getValue(), target.createdMicros()));
  }

  @Override
  public void endInput() {
    for (StagedFile file : writer.finish()) {
      output.collect(new StreamRecord<>(file));
    }
  }

  @Override
  public void close() throws Exception {
    if (writer != null) {
      writer.close();
    }
    super.close();
  }
}
