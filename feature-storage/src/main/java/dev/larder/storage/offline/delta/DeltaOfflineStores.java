package dev.larder.storage.offline.delta;

import dev.larder.storage.offline.OfflineStore;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** Opens the Delta Lake {@link OfflineStore}. */
public final class DeltaOfflineStores {

  private DeltaOfflineStores() {}

  /**
   * Returns the offline store whose tables live under {@link DeltaOfflineStoreOptions#root()}.
   * Nothing is read or created until a table is used; a table is created by its first write.
   *
   * <p>Tables are plain Delta Lake tables (reader version 1, writer version 2), so Spark, Trino,
   * DuckDB and Delta Kernel read them. The log is kept by delta-standalone; data files are Parquet
   * (Snappy) with per-file statistics on {@code event_timestamp} and the join keys. The returned
   * store is thread-safe and holds no resources that need closing.
   */
  public static OfflineStore open(DeltaOfflineStoreOptions options) {
    Configuration conf = new Configuration();
    // Local tables: skip Hadoop's .crc side files, which other engines neither need nor clean up.
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    for (Map.Entry<String, String> e : options.hadoopProperties().entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    DeltaTables tables = new DeltaTables(options.root(), conf);
    return new DeltaOfflineStore(
        tables,
        new DataFileWriter(conf, options.maxRowsPerFile(), options.targetFileSizeBytes()),
        new DataFileReader(conf),
        options.clock());
  }
}
