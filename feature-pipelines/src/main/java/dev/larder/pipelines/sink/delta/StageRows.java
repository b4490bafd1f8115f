package dev.larder.pipelines.sink.delta;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.StagedFile;
import dev.larder.storage.offline.StagedWriter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Writes a view's rows ({@link dev.larder.pipelines.sink.ConvertRows}' output) into staged files of
 * a view's table, in every parallel task, with bounded memory, and emits the files it staged
 * downstream for one committer to commit together: before each checkpoint barrier (streaming, so
 * that the files belong to that checkpoint) and at end of input (batch). Staged files are invisible
 * to readers until committed.
 */
public final class StageRows extends AbstractStreamOperator<StagedFile>
    implements OneInputStreamOperator<OfflineRow, StagedFile>, BoundedOneInput {

  private static final long serialVersionUID = 1L;

  private final TableTarget target;
  private transient FeatureView view;
  private transient OfflineStore store;
  private transient StagedWriter writer;

  public StageRows(TableTarget target) {
    this.target = target;
  }

  @Override
  public void open() throws Exception {
    super.open();
    view = target.featureView();
    store = target.store();
  }

  @Override
  public void processElement(StreamRecord<OfflineRow> element) {
    if (writer == null) {
      writer = store.stage(view);
    }
    writer.write(element.getValue());
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    emitStaged();
  }

  @Override
  public void endInput() {
    emitStaged();
  }

  private void emitStaged() {
    if (writer == null) {
      return;
    }
    for (StagedFile file : writer.finish()) {
      output.collect(new StreamRecord<>(file));
    }
    writer.close();
    writer = null;
  }

  @Override
  public void close() throws Exception {
    if (writer != null) {
      writer.close();
    }
    super.close();
  }
}
