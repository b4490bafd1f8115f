package dev.larder.pipelines.source;

import dev.larder.pipelines.transform.BadRecord;
import dev.larder.pipelines.transform.EventParser;
import dev.larder.pipelines.transform.Parsed;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one source file record by record and parses each against the schema. A record that cannot
 * be read (bad JSON, wrong field count) is a {@link BadRecord} like one that does not fit the
 * schema; only an unreadable file throws.
 */
public interface RecordReader extends Serializable {

  /**
   * Parses every record of {@code file} in order, handing each result to {@code out}.
   *
   * @throws IOException if the file cannot be opened or read
   */
  void read(Path file, EventParser parser, Consumer<Parsed> out) throws IOException;

  /**
   * The files of {@code location} this reader reads, in order: by default {@link
   * SourceFiles#list(Path)}.
   *
   * @throws dev.larder.pipelines.transform.TransformException naming the path when it does not
   *     exist
   */
  default List<Path> files(Path location) {
    return SourceFiles.list(location);
  }

  /**
   * The reader of a file format.
   *
   * @throws IllegalArgumentException for {@link RecordFormat#DELTA}, which is a table, not a file
   *     format: use {@link #of(RecordFormat, Path)}
   */
  static RecordReader of(RecordFormat format) {
    return switch (format) {
      case JSONL -> new JsonLinesReader();
      case CSV -> new CsvReader();
      case PARQUET -> new ParquetRecordReader();
      case DELTA -> throw new IllegalArgumentException("a delta source needs its table's location");
    };
  }

  /**
   * The reader of the source at {@code location}. For {@link RecordFormat#DELTA} this reads the
   * table's log once: the reader's {@link #files} are the data files of the current snapshot, and
   * later commits to the table are not seen.
   *
   * @throws dev.larder.pipelines.transform.TransformException if {@code location} is not a Delta
   *     table (for {@code DELTA})
   */
  static RecordReader of(RecordFormat format, Path location) {
    return format == RecordFormat.DELTA ? DeltaTableReader.open(location) : of(format);
  }
}
