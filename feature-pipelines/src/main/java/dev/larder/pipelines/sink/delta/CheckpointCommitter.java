package dev.larder.pipelines.sink.delta;

import dev.larder.storage.offline.StagedFile;
import dev.larder.storage.offline.TransactionId;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.InstantiationUtil;

/**
 * Commits the files {@link StageRows} staged, exactly once, one Delta commit per completed
 * checkpoint (run it with parallelism 1).
 *
 * <p>Files that arrive before checkpoint {@code n}'s barrier belong to checkpoint {@code n}; they
 * are kept in this operator's state with that id. When checkpoint {@code n} completes, every file
 * of checkpoints up to {@code n} not yet committed is appended in one commit with transaction
 * version {@code n} (Flink may skip notifications, so a later one covers the earlier checkpoints).
 * On a restore from checkpoint {@code n}, the files its state holds are committed again under
 * version {@code n}: if that commit had happened before the failure, the table ignores it,
 * otherwise it lands now. Rows after checkpoint {@code n} are replayed from the source and staged
 * anew. So no row is lost or committed twice.
 */
public final class CheckpointCommitter extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<StagedFile, Void> {

  private static final long serialVersionUID = 1L;

  private final TableTarget target;
  private final TransactionIds transactions;
  private transient ListState<byte[]> state;
  private transient List<StagedFile> current;
  private transient TreeMap<Long, List<StagedFile>> pending;

  /** The transaction of each checkpoint id; serializable. */
  public interface TransactionIds extends LongFunction<TransactionId>, Serializable {}

  public CheckpointCommitter(TableTarget target, TransactionIds transactions) {
    this.target = target;
    this.transactions = transactions;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    state =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "pending-files", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    current = new ArrayList<>();
    pending = new TreeMap<>();
    for (byte[] bytes : state.get()) {
      pending.putAll(decode(bytes));
    }
    if (context.isRestored() && !pending.isEmpty()) {
      commitUpTo(pending.lastKey());
    }
  }

  @Override
  public void processElement(StreamRecord<StagedFile> element) {
    current.add(element.getValue());
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    if (!current.isEmpty()) {
      pending.put(context.getCheckpointId(), current);
      current = new ArrayList<>();
    }
    state.update(List.of(InstantiationUtil.serializeObject(pending)));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    commitUpTo(checkpointId);
  }

  private void commitUpTo(long checkpointId) {
    List<StagedFile> files = new ArrayList<>();
    pending.headMap(checkpointId, true).values().forEach(files::addAll);
    if (files.isEmpty()) {
      return;
    }
    target.store().appendStaged(target.featureView(), files, transactions.apply(checkpointId));
    pending.headMap(checkpointId, true).clear();
  }

  private static TreeMap<Long, List<StagedFile>> decode(byte[] bytes) throws IOException {
    try {
      return InstantiationUtil.deserializeObject(bytes, CheckpointCommitter.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot read the pending files of a checkpoint", e);
    }
  }
}
