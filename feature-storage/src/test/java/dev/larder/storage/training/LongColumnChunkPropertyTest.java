package dev.larder.storage.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
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
 * {@link LongColumnChunk} against parquet's own {@link ColumnReader} and the values written, on
 * files parquet-java writes with every combination of physical type, nullability, dictionary on or
 * off (and falling back to plain mid-chunk), page format v1 or v2, and many pages and row groups.
 */
class LongColumnChunkPropertyTest {

  /** How one test file is written. */
  record Spec(
      PrimitiveTypeName physical,
      boolean optional,
      boolean dictionary,
      WriterVersion version,
      int rows,
      int distinct,
      int nullPercent,
      int pageRows,
      long seed) {

    /** The values of the rows, null for a null. */
    Long[] values() {
      Random random = new Random(seed);
      Long[] values = new Long[rows];
      long[] pool = new long[distinct];
      for (int i = 0; i < distinct; i++) {
        pool[i] = physical == PrimitiveTypeName.INT32 ? random.nextInt() : random.nextLong();
      }
      for (int r = 0; r < rows; r++) {
        boolean isNull = optional && random.nextInt(100) < nullPercent;
        values[r] = isNull ? null : pool[random.nextInt(distinct)];
      }
      return values;
    }
  }

  @Property(tries = 150)
  void decodesAsParquetsColumnReaderDoes(@ForAll("specs") Spec spec) throws IOException {
    Path dir = Files.createTempDirectory("larder-long-chunk");
    try {
      Path file = dir.resolve("column.parquet");
      Long[] written = spec.values();
      write(spec, written, file);

      List<Long> bulk = new ArrayList<>();
      List<Long> oracle = new ArrayList<>();
      int rowGroups = 0;
      try (ParquetFileReader reader = ParquetReaders.open(file.toUri());
          ParquetFileReader oracleReader = ParquetReaders.open(file.toUri())) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        ColumnDescriptor column = schema.getColumns().get(0);
        assertThat(LongColumnChunk.handles(column)).isTrue();
        ColumnVector vector = new ColumnVector(ColumnVector.Kind.INT64, 0);
        for (PageReadStore pages = reader.readNextRowGroup();
            pages != null;
            pages = reader.readNextRowGroup()) {
          rowGroups++;
          vector.clear();
          LongColumnChunk.decode(pages, column, vector);
          assertThat(vector.size).isEqualTo(pages.getRowCount());
          for (int r = 0; r < vector.size; r++) {
            bulk.add(vector.nulls[r] ? null : vector.longs[r]);
          }
          readWithColumnReader(oracleReader, schema, column, oracle);
        }
      }
      assertThat(bulk).containsExactlyElementsOf(oracle);
      assertThat(bulk).containsExactly(written);
      boolean bulky = spec.distinct() >= 1_000 && (!spec.optional() || spec.nullPercent() < 100);
      if (spec.rows() > 20_000 && bulky) {
        assertThat(rowGroups).as("row groups").isGreaterThan(1);
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Provide
  Arbitrary<Spec> specs() {
    return Builders.withBuilder(() -> new Object[9])
        .use(Arbitraries.of(PrimitiveTypeName.INT32, PrimitiveTypeName.INT64))
        .in((a, v) -> set(a, 0, v))
        .use(Arbitraries.of(true, false))
        .in((a, v) -> set(a, 1, v))
        .use(Arbitraries.of(true, false))
        .in((a, v) -> set(a, 2, v))
        .use(Arbitraries.of(WriterVersion.PARQUET_1_0, WriterVersion.PARQUET_2_0))
        .in((a, v) -> set(a, 3, v))
        .use(
            Arbitraries.oneOf(
                Arbitraries.integers().between(0, 50),
                Arbitraries.integers().between(20_001, 60_000)))
        .in((a, v) -> set(a, 4, v))
        .use(Arbitraries.of(1, 2, 30, 1_000, 100_000))
        .in((a, v) -> set(a, 5, v))
        .use(Arbitraries.of(0, 5, 50, 100))
        .in((a, v) -> set(a, 6, v))
        .use(Arbitraries.of(1, 7, 100, 5_000))
        .in((a, v) -> set(a, 7, v))
        .use(Arbitraries.longs())
        .in((a, v) -> set(a, 8, v))
        .build(
            a ->
                new Spec(
                    (PrimitiveTypeName) a[0],
                    (Boolean) a[1],
                    (Boolean) a[2],
                    (WriterVersion) a[3],
                    (Integer) a[4],
                    (Integer) a[5],
                    (Integer) a[6],
                    (Integer) a[7],
                    (Long) a[8]));
  }

  private static Object[] set(Object[] a, int i, Object v) {
    a[i] = v;
    return a;
  }

  /**
   * Writes the values as column {@code v}, with small row groups and pages, and a dictionary page
   * small enough that a thousand distinct values make the writer fall back to plain.
   */
  private static void write(Spec spec, Long[] values, Path file) throws IOException {
    MessageType schema =
        Types.buildMessage()
            .addField(
                Types.primitive(
                        spec.physical(),
                        spec.optional() ? Repetition.OPTIONAL : Repetition.REQUIRED)
                    .named("v"))
            .named("test");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(new Configuration())
            .withType(schema)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withDictionaryEncoding(spec.dictionary())
            .withDictionaryPageSize(1024)
            .withWriterVersion(spec.version())
            .withPageSize(4096)
            .withPageRowCountLimit(spec.pageRows())
            .withRowGroupSize(16 * 1024L)
            .build()) {
      for (Long v : values) {
        Group g = groups.newGroup();
        if (v != null) {
          if (spec.physical() == PrimitiveTypeName.INT32) {
            g.add("v", v.intValue());
          } else {
            g.add("v", v.longValue());
          }
        }
        writer.write(g);
      }
    }
  }

  /** Appends the next row group's values, read one at a time by parquet's column reader. */
  private static void readWithColumnReader(
      ParquetFileReader reader, MessageType schema, ColumnDescriptor column, List<Long> out)
      throws IOException {
    PageReadStore pages = reader.readNextRowGroup();
    String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    ColumnReadStoreImpl store = ColumnCursor.store(pages, schema, createdBy);
    ColumnReader values = store.getColumnReader(column);
    for (long r = 0; r < pages.getRowCount(); r++) {
      if (values.getCurrentDefinitionLevel() < column.getMaxDefinitionLevel()) {
        out.add(null);
      } else if (column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32) {
        out.add((long) values.getInteger());
      } else {
        out.add(values.getLong());
      }
      values.consume();
    }
  }
}
