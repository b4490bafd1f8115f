package dev.larder.storage.online.redis;

import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.StoredRow;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture, shipped in the test-jar: stored rows without a Redis server, and rows read back as
 * objects. It lives beside {@link RowCodec} because the stored format is private to this package.
 */
public final class StoredRows {

  private StoredRows() {}

  /** The row as the Redis online store reads it back after writing it. */
  public static StoredRow stored(OnlineRow row) {
    return RowCodec.read(RowCodec.encode(row));
  }

  /** Each row decoded, null where there is no row. */
  public static List<OnlineRow> decoded(List<StoredRow> rows) {
    List<OnlineRow> out = new ArrayList<>(rows.size());
    for (StoredRow row : rows) {
      out.add(row == null ? null : row.decode());
    }
    return out;
  }
}
