package dev.larder.storage.offline;

/**
 * What one write did to a table.
 *
 * @param committed false when the write changed nothing: its transaction had already been
 *     committed, or there was nothing to compact
 * @param tableVersion the version the commit made; when not committed, the version read
 * @param filesAdded data files added
 * @param filesRemoved data files removed (replaced or compacted)
 * @param rowsAdded rows in the added files, rewritten rows included
 */
public record CommitSummary(
    boolean committed, long tableVersion, int filesAdded, int filesRemoved, long rowsAdded) {

  /** A write that changed nothing; the table stays at {@code tableVersion}. */
  public static CommitSummary unchanged(long tableVersion) {
    return new CommitSummary(false, tableVersion, 0, 0, 0);
  }
}
