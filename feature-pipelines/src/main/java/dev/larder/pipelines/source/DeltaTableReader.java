package dev.larder.pipelines.source;

import dev.larder.pipelines.transform.EventParser;
import dev.larder.pipelines.transform.Parsed;
import dev.larder.pipelines.transform.TransformException;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Snapshot;
import io.delta.standalone.actions.AddFile;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Reads a local Delta Lake table as of the version it had when the reader was opened: its files are
 * the data files that version's log lists (files removed by later commits are not read, files added
 * by them not seen), sorted by path, each read by {@link ParquetRecordReader}. The table's
 * partition columns, whose values are in the log rather than in the files, are added to every
 * record of a file as cells; a null partition value is a null cell. Record numbers count from 1 per
 * data file. Deletion vectors and column mapping are not supported.
 */
final class DeltaTableReader implements RecordReader {

  private static final long serialVersionUID = 1L;

  /** Absolute data file path → its partition values, in path order. */
  private final TreeMap<String, HashMap<String, String>> partitions;

  private final ParquetRecordReader parquet = new ParquetRecordReader();

  private DeltaTableReader(TreeMap<String, HashMap<String, String>> partitions) {
    this.partitions = partitions;
  }

  /**
   * Reads the table's log at {@code location} and pins its current version.
   *
   * @throws TransformException naming the path when it holds no Delta table
   */
  static DeltaTableReader open(Path location) {
    Configuration conf = new Configuration();
    // Local tables, as ParquetRecordReader reads them: no Hadoop .crc side files.
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    Path root = location.toAbsolutePath().normalize();
    Snapshot snapshot = DeltaLog.forTable(conf, root.toString()).snapshot();
    if (snapshot.getVersion() < 0) {
      throw new TransformException("batch source path " + location + " is not a Delta table");
    }
    TreeMap<String, HashMap<String, String>> partitions = new TreeMap<>();
    for (AddFile file : snapshot.getAllFiles()) {
      partitions.put(dataFile(root, file).toString(), new HashMap<>(file.getPartitionValues()));
    }
    return new DeltaTableReader(partitions);
  }

  /** The data files of the pinned version; {@code location} is the table's, already read. */
  @Override
  public List<Path> files(Path location) {
    return partitions.keySet().stream().map(Path::of).toList();
  }

  /**
   * @throws IllegalArgumentException if {@code file} is not a data file of the pinned version
   */
  @Override
  public void read(Path file, EventParser parser, Consumer<Parsed> out) throws IOException {
    Map<String, String> values = partitions.get(file.toString());
    if (values == null) {
      throw new IllegalArgumentException(file + " is not a data file of the Delta table");
    }
    parquet.read(file, values, parser, out);
  }

  /** The local path of a file the log lists: a URI-encoded path, relative to the table or not. */
  private static Path dataFile(Path root, AddFile file) {
    try {
      URI uri = new URI(file.getPath());
      return uri.isAbsolute() ? Path.of(uri) : root.resolve(uri.getPath()).normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new TransformException(
          "the Delta log of " + root + " lists a file with a bad path: " + file.getPath());
    }
  }
}
