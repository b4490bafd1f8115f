package dev.larder.storage.offline.delta;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Opens the Parquet writers the offline store's data files go through: Snappy compression and
 * dictionary encoding, records turned into columns by the caller's {@link WriteSupport}. (Training
 * sets use the same settings but write parquet-java's column writers directly.)
 */
public final class SnappyParquetWriters {

  private SnappyParquetWriters() {}

  /**
   * Opens a writer on {@code file}.
   *
   * @param support turns one record into Parquet columns; used by this writer only
   * @param mode whether an existing file is an error ({@code CREATE}) or replaced
   * @param rowGroupBytes the row group size: what the writer buffers in memory before it writes
   * @return a writer the caller closes to complete the file
   * @throws IOException if the file cannot be created
   */
  public static <T> ParquetWriter<T> open(
      OutputFile file,
      Configuration conf,
      WriteSupport<T> support,
      ParquetFileWriter.Mode mode,
      long rowGroupBytes)
      throws IOException {
    return new Builder<>(file, support)
        .withConf(conf)
        .withWriteMode(mode)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withRowGroupSize(rowGroupBytes)
        .withDictionaryEncoding(true)
        .build();
  }

  /** Parquet's writer builder for a given {@link WriteSupport}. */
  private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
    private final WriteSupport<T> support;

    Builder(OutputFile file, WriteSupport<T> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder<T> self() {
      return this;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    /** Still abstract in Parquet 1.15, though deprecated for the variant above. */
    @Override
    @SuppressWarnings("deprecation")
    protected WriteSupport<T> getWriteSupport(Configuration conf) {
      return support;
    }
  }
}
