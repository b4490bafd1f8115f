package dev.larder.pipelines.source;

import dev.larder.pipelines.transform.BadRecord;
import dev.larder.pipelines.transform.EventParser;
import dev.larder.pipelines.transform.Parsed;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
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

  /** The reader of a format. */
  static RecordReader of(RecordFormat format) {
    return switch (format) {
      case JSONL -> new JsonLinesReader();
      case CSV -> new CsvReader();
      case PARQUET -> new ParquetRecordReader();
    };
  }
}
