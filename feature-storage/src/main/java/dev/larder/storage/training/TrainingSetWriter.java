package dev.larder.storage.training;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a training set: each entity row with its columns, then its feature values. Rows arrive in
 * input order, batch by batch. Not thread-safe.
 */
interface TrainingSetWriter extends AutoCloseable {

  /** Writes every row of the batch. */
  void write(EntityBatch batch) throws IOException;

  /** Completes the file. */
  @Override
  void close() throws IOException;

  static TrainingSetWriter open(OutputFormat format, Path file, JoinedRows joined)
      throws IOException {
    return format == OutputFormat.CSV
        ? new CsvTrainingSetWriter(file, joined)
        : new ParquetTrainingSetWriter(file, joined);
  }
}
