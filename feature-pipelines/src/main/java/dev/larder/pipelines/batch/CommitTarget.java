package dev.larder.pipelines.batch;

import dev.larder.pipelines.sink.delta.TableTarget;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.TransactionId;
import java.io.Serializable;
import java.time.Instant;

/**
 * Everything the Delta sink needs to land a run, serializable for Flink: the view's table, the
 * range, the run's transaction and its time.
 */
record CommitTarget(
    TableTarget table,
    Instant start,
    Instant end,
    String transactionAppId,
    long transactionVersion,
    long createdMicros)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  static CommitTarget of(BackfillRequest r) {
    TransactionId txn = r.transactionId();
    return new CommitTarget(
        TableTarget.of(r.view(), r.offlineRoot(), r.hadoopProperties()),
        r.start(),
        r.end(),
        txn.appId(),
        txn.version(),
        r.runTimeMicros());
  }

  FeatureView featureView() {
    return table.featureView();
  }

  TransactionId transactionId() {
    return new TransactionId(transactionAppId, transactionVersion);
  }
}
