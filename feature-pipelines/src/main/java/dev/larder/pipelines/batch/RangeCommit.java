package dev.larder.pipelines.batch;

import dev.larder.storage.offline.CommitSummary;
import dev.larder.storage.offline.StagedFile;
import java.util.List;

/**
 * Lands a backfill run: replaces the range with the files its tasks staged, in one Delta commit.
 */
final class RangeCommit {

  private RangeCommit() {}

  /**
   * Replaces {@code [start, end)} of the view's table with the staged files in one commit under the
   * run's transaction id; a second call for the same run changes nothing.
   */
  static CommitSummary commit(CommitTarget target, List<StagedFile> files) {
    return target
        .table()
        .store()
        .replaceRangeWithStaged(
            target.featureView(), files, target.start(), target.end(), target.transactionId());
  }
}
