package dev.larder.storage.training;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidArgumentException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rows of a training set's entity file (Parquet or CSV), read in batches of columns. The {@code
 * event_timestamp} column is always read as microseconds since the epoch, UTC: offsets are applied,
 * naive times are taken as UTC. Implementations are not thread-safe.
 */
interface EntitySource {

  /** The column holding each row's time. */
  String EVENT_TIMESTAMP = "event_timestamp";

  /** The file's columns, in file order. */
  List<EntityColumn> columns();

  /**
   * Passes the file's rows, in file order, in batches; batches are reused, so a consumer must be
   * done with one before it returns.
   *
   * @param wanted per column, whether to read it
   * @throws InvalidArgumentException naming the row and column when a value cannot be read
   */
  void read(boolean[] wanted, Consumer<EntityBatch> consumer);

  /**
   * Opens an entity file by its extension: {@code .parquet} or {@code .csv}.
   *
   * @param keyTypes the join keys the training set needs, with their declared types (CSV cells are
   *     parsed as these types)
   * @throws InvalidArgumentException when the file is missing, of another kind, or lacks columns
   */
  static EntitySource open(Path file, Map<String, ValueType> keyTypes) {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new InvalidArgumentException("entities: no such file " + file);
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".parquet")) {
      return new ParquetEntitySource(file);
    }
    if (name.endsWith(".csv")) {
      return new CsvEntitySource(file, keyTypes);
    }
    throw new InvalidArgumentException(
        "entities: " + file + " is neither a .parquet nor a .csv file");
  }
}
