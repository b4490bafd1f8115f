package dev.larder.pipelines.source;

import dev.larder.pipelines.transform.TransformException;
import java.util.Locale;

/** The file formats a source's {@code batch.format} may name that the batch pipeline reads. */
public enum RecordFormat {
  /** One JSON object per line; blank lines are skipped. */
  JSONL,
  /** A header line, then one record per line; RFC 4180 quoting, no line breaks inside fields. */
  CSV,
  /** Apache Parquet files with columns named like the schema. */
  PARQUET,
  /**
   * A Delta Lake table: the Parquet data files of its current snapshot, with its partition columns'
   * values as cells.
   */
  DELTA;

  /**
   * The format of a {@code batch.format} value, case-insensitive ({@code json} is {@link #JSONL}).
   *
   * @throws TransformException naming the format and the supported ones, for any other value
   */
  public static RecordFormat of(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "jsonl", "json", "ndjson" -> JSONL;
      case "csv" -> CSV;
      case "parquet" -> PARQUET;
      case "delta" -> DELTA;
      default ->
          throw new TransformException(
              "batch format '"
                  + name
                  + "' is not supported by backfill (supported: jsonl, csv, parquet, delta)");
    };
  }
}
