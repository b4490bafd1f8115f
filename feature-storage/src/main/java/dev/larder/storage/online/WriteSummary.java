package dev.larder.storage.online;

/**
 * What a newest-wins write did with its rows.
 *
 * @param written rows stored because they were newer than the stored row (or there was none)
 * @param olderIgnored rows not stored because the store held a row at least as new
 * @param expiredIgnored rows not stored because they were already past ttl plus grace
 */
public record WriteSummary(long written, long olderIgnored, long expiredIgnored) {
  public static final WriteSummary EMPTY = new WriteSummary(0, 0, 0);

  public WriteSummary plus(WriteSummary other) {
    return new WriteSummary(
        written + other.written,
        olderIgnored + other.olderIgnored,
        expiredIgnored + other.expiredIgnored);
  }

  public long total() {
    return written + olderIgnored + expiredIgnored;
  }
}
