package dev.larder.storage.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * One-column Parquet files for the property tests of the page-at-a-time decoders: written by
 * parquet-java with small row groups and pages and a dictionary page small enough that a thousand
 * distinct values make the writer fall back to plain mid-chunk, then read row group by row group
 * twice, once for the decoder under test and once for parquet's own per-value reader.
 */
final class FlatColumnFiles {

  /** How the column is written. */
  record Layout(
      PrimitiveTypeName physical,
      boolean optional,
      boolean dictionary,
      WriterVersion version,
      int pageRows) {}

  /** Checks one row group: the decoder reads {@code pages}, the oracle reads {@code oracle}. */
  @FunctionalInterface
  interface RowGroupCheck {
    void check(PageReadStore pages, ColumnDescriptor column, ColumnReadStoreImpl oracle)
        throws IOException;
  }

  private FlatColumnFiles() {}

  /**
   * Writes {@code values} (Longs for booleans, 1 or 0, and whole numbers, Doubles for floating
   * point, Strings for byte strings; null for a null) as the only column of a file in a temporary
   * directory, runs {@code check} on each of its row groups, deletes the directory and returns the
   * number of row groups.
   */
  static int checkEachRowGroup(Layout layout, Object[] values, RowGroupCheck check)
      throws IOException {
    Path dir = Files.createTempDirectory("larder-flat-column");
    try {
      Path file = dir.resolve("column.parquet");
      write(layout, values, file);
      int rowGroups = 0;
      try (ParquetFileReader reader = ParquetReaders.open(file.toUri());
          ParquetFileReader oracleReader = ParquetReaders.open(file.toUri())) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        ColumnDescriptor column = schema.getColumns().get(0);
        for (PageReadStore pages = reader.readNextRowGroup();
            pages != null;
            pages = reader.readNextRowGroup()) {
          rowGroups++;
          PageReadStore oraclePages = oracleReader.readNextRowGroup();
          check.check(pages, column, ColumnCursor.store(oraclePages, schema, createdBy));
        }
      }
      return rowGroups;
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void write(Layout layout, Object[] values, Path file) throws IOException {
    MessageType schema =
        Types.buildMessage()
            .addField(
                Types.primitive(
                        layout.physical(),
                        layout.optional() ? Repetition.OPTIONAL : Repetition.REQUIRED)
                    .named("v"))
            .named("test");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(new Configuration())
            .withType(schema)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withDictionaryEncoding(layout.dictionary())
            .withDictionaryPageSize(1024)
            .withWriterVersion(layout.version())
            .withPageSize(4096)
            .withPageRowCountLimit(layout.pageRows())
            .withRowGroupSize(16 * 1024L)
            .build()) {
      for (Object v : values) {
        Group g = groups.newGroup();
        if (v != null) {
          switch (layout.physical()) {
            case BOOLEAN -> g.add("v", (Long) v != 0);
            case INT32 -> g.add("v", ((Long) v).intValue());
            case INT64 -> g.add("v", ((Long) v).longValue());
            case FLOAT -> g.add("v", ((Double) v).floatValue());
            case DOUBLE -> g.add("v", ((Double) v).doubleValue());
            default -> g.add("v", (String) v);
          }
        }
        writer.write(g);
      }
    }
  }
}
