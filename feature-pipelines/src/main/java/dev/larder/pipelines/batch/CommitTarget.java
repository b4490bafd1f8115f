package dev.larder.pipelines.batch;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.TransactionId;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * Everything the Delta sink needs to land a run, serializable for Flink: the view, the store, the
 * range, the run's transaction and its time.
 */
record CommitTarget(
    ViewSnapshot view,
    String offlineRoot,
    Map<String, String> hadoopProperties,
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
        ViewSnapshot.of(r.view()),
        r.offlineRoot(),
        r.hadoopProperties(),
        r.start(),
        r.end(),
        txn.appId(),
        txn.version(),
        r.runTimeMicros());
  }

  FeatureView featureView() {
    return view.view();
  }

  TransactionId transactionId() {
    return new TransactionId(transactionAppId, transactionVersion);
  }
}
