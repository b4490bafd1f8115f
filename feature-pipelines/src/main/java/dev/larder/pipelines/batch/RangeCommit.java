package dev.larder.pipelines.batch;

import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.FeatureValues;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.CommitSummary;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lands a backfill run's rows: converts them and replaces the range in one Delta commit. */
final class RangeCommit {

  private RangeCommit() {}

  /** The offline store under a root, with Hadoop settings. */
  static OfflineStore store(String offlineRoot, Map<String, String> hadoopProperties) {
    return DeltaOfflineStores.open(
        DeltaOfflineStoreOptions.builder()
            .root(offlineRoot)
            .hadoopProperties(hadoopProperties)
            .build());
  }

  /**
   * Replaces {@code [start, end)} of the view's table with the rows, stamped with the run time, in
   * one commit under the run's transaction id; a second call for the same run changes nothing.
   */
  static CommitSummary commit(CommitTarget target, List<FeatureRow> rows) {
    FeatureView view = target.featureView();
    List<OfflineRow> offline = new ArrayList<>(rows.size());
    for (FeatureRow r : rows) {
      offline.add(FeatureValues.toOfflineRow(view, r, target.createdMicros()));
    }
    return store(target.offlineRoot(), target.hadoopProperties())
        .replaceRange(view, offline, target.start(), target.end(), target.transactionId());
  }
}
