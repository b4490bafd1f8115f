package dev.larder.storage.training;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Opens Parquet files for the training-set readers with one Hadoop configuration for all: the
 * default read options would load Hadoop's configuration files again for every file, which costs
 * more than reading a view's small file. Thread-safe; each reader gets its own options, as their
 * decompressors are not thread-safe.
 */
final class ParquetReaders {

  private static final Configuration CONF = localConf();

  private ParquetReaders() {}

  static ParquetFileReader open(URI file) throws IOException {
    ParquetReadOptions options = HadoopReadOptions.builder(CONF).build();
    return ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), CONF), options);
  }

  private static Configuration localConf() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    return conf;
  }
}
