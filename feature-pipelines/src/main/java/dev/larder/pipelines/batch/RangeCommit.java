package dev.larder.pipelines.batch;

import dev.larder.storage.offline.CommitSummary;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.StagedFile;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import java.util.List;
import java.util.Map;

/**
 * Lands a backfill run: replaces the range with the files its tasks staged, in one Delta commit.
 */
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
   * Replaces {@code [start, end)} of the view's table with the staged files in one commit under the
   * run's transaction id; a second call for the same run changes nothing.
   */
  static CommitSummary commit(CommitTarget target, List<StagedFile> files) {
    return store(target.offlineRoot(), target.hadoopProperties())
        .replaceRangeWithStaged(
            target.featureView(), files, target.start(), target.end(), target.transactionId());
  }
}
