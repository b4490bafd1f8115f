package dev.larder.storage.offline.delta;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineStoreException;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The tables under one offline root: their layouts, their (cached) Delta logs, and the Delta
 * metadata that a view's table must have. Thread-safe.
 */
final class DeltaTables {

  private final String root;
  private final Configuration conf;
  private final Map<Path, DeltaLog> logs = new ConcurrentHashMap<>();

  DeltaTables(String root, Configuration conf) {
    this.root = root;
    this.conf = conf;
  }

  Configuration conf() {
    return conf;
  }

  /**
   * True when a file exists.
   *
   * @throws java.io.UncheckedIOException if the file system cannot tell
   */
  boolean exists(Path path) {
    try {
      return path.getFileSystem(conf).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for " + path, e);
    }
  }

  TableLayout layout(FeatureView view) {
    return new TableLayout(view, root);
  }

  /** The table's log; loading a log reads its files, so each is loaded once and then updated. */
  DeltaLog log(TableLayout layout) {
    return logs.computeIfAbsent(layout.tablePath(), path -> DeltaLog.forTable(conf, path));
  }

  /**
   * The metadata the table must have for the view: {@code current} when it fits, a new table's when
   * there is none, {@code current} with the view's added features appended when the view only added
   * features.
   *
   * @return the metadata to commit, or null when {@code current} already fits
   * @throws OfflineStoreException if the table's columns differ from the view's otherwise
   */
  static Metadata metadataFor(TableLayout layout, Metadata current, boolean newTable, long now) {
    StructType wanted = layout.deltaSchema();
    if (newTable) {
      return Metadata.builder()
          .id(UUID.randomUUID().toString())
          .name(layout.view().name() + "_v" + layout.view().version())
          .schema(wanted)
          .partitionColumns(List.of(TableLayout.EVENT_DATE))
          .createdTime(now)
          .build();
    }
    StructType schema = current.getSchema();
    if (wanted.equals(schema)) {
      return null;
    }
    for (StructField field : schema.getFields()) {
      if (!List.of(wanted.getFields()).contains(field)) {
        throw new OfflineStoreException(
            "offline table "
                + layout.tablePath()
                + " has column "
                + field.getName()
                + " that view "
                + layout.view().qualifiedName()
                + " does not have with that type; a breaking change needs a new view version");
      }
    }
    return current.copyBuilder().schema(wanted).build();
  }

  /** The absolute path of a file the log lists; the log holds URI-encoded relative paths. */
  static Path filePath(TableLayout layout, AddFile file) {
    try {
      Path path = new Path(new URI(file.getPath()));
      return path.isAbsolute() ? path : new Path(layout.tablePath(), path);
    } catch (URISyntaxException e) {
      throw new OfflineStoreException("the log lists a file with a bad path: " + file.getPath(), e);
    }
  }

  /** The {@code event_date} partition of a file, or null when the log gives none. */
  static LocalDate partitionDate(AddFile file) {
    String value = file.getPartitionValues().get(TableLayout.EVENT_DATE);
    return value == null || value.isEmpty() ? null : LocalDate.parse(value);
  }
}
