package dev.larder.storage.training;

import dev.larder.registry.errors.InvalidArgumentException;
import java.nio.file.Path;
import java.util.Locale;

/** The file format of a training set. */
public enum OutputFormat {
  PARQUET,
  CSV;

  /**
   * Parses {@code parquet} or {@code csv}, in any case.
   *
   * @throws InvalidArgumentException naming the value otherwise
   */
  public static OutputFormat parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("format: '" + name + "' is neither parquet nor csv");
    }
  }

  /** The format a file name implies: CSV for {@code .csv}, else Parquet. */
  public static OutputFormat of(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : PARQUET;
  }
}
