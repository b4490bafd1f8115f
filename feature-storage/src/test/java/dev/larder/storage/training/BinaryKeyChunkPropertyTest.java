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
import org.apache.parquet.column.ParquetProperties.WriterVersion;
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
 * {@link BinaryKeyChunk} against the per-value path it replaces ({@link ColumnCursor}, {@link
 * KeyEncoder}, {@link KeyDictionary#find}) and against the keys written, on files parquet-java
 * writes with nullable or required keys, dictionary on or off (and falling back to plain
 * mid-chunk), page format v1 or v2, and many pages and row groups, with a dictionary holding some
 * of the keys and some keys of its own.
 */
class BinaryKeyChunkPropertyTest {

  /** How one test file and its entity dictionary are made. */
  record Spec(
      boolean optional,
      boolean dictionary,
      WriterVersion version,
      int rows,
      int distinct,
      int maxLength,
      int nullPercent,
      int knownPercent,
      int pageRows,
      long seed) {

    /** The distinct keys: random strings of up to {@code maxLength} chars, some not ASCII. */
    String[] pool() {
      Random random = new Random(seed);
      String[] pool = new String[distinct];
      for (int i = 0; i < distinct; i++) {
        StringBuilder s = new StringBuilder().append(i).append(':');
        int length = random.nextInt(maxLength + 1);
        for (int c = 0; c < length; c++) {
          s.append(
              random.nextInt(10) == 0
                  ? (char) (0xe0 + random.nextInt(32))
                  : (char) ('a' + random.nextInt(26)));
        }
        pool[i] = i == 0 ? "" : s.toString();
      }
      return pool;
    }

    /** The keys of the rows, null for a null. */
    String[] values(String[] pool) {
      Random random = new Random(~seed);
      String[] values = new String[rows];
      for (int r = 0; r < rows; r++) {
        boolean isNull = optional && random.nextInt(100) < nullPercent;
        values[r] = isNull ? null : pool[random.nextInt(pool.length)];
      }
      return values;
    }

    /** Entities holding about {@code knownPercent} of the pool and keys no row has. */
    KeyDictionary entities(String[] pool) {
      Random random = new Random(seed * 31 + 7);
      KeyDictionary entities = new KeyDictionary();
      KeyEncoder encoder = new KeyEncoder();
      for (int i = 0; i < pool.length; i++) {
        if (random.nextInt(100) < knownPercent) {
          encoder.reset();
          encoder.addString(pool[i]);
          entities.add(encoder.buffer(), encoder.length());
        }
        if (random.nextInt(4) == 0) {
          encoder.reset();
          encoder.addString("absent-" + i);
          entities.add(encoder.buffer(), encoder.length());
        }
      }
      return entities;
    }
  }

  @Property(tries = 150)
  void mapsKeysAsThePerValuePathDoes(@ForAll("specs") Spec spec) throws IOException {
    Path dir = Files.createTempDirectory("larder-binary-keys");
    try {
      Path file = dir.resolve("keys.parquet");
      String[] pool = spec.pool();
      String[] written = spec.values(pool);
      KeyDictionary entities = spec.entities(pool);
      write(spec, written, file);

      List<Integer> bulk = new ArrayList<>();
      List<Integer> oracle = new ArrayList<>();
      int rowGroups = 0;
      int[] ids = null;
      try (ParquetFileReader reader = ParquetReaders.open(file.toUri());
          ParquetFileReader oracleReader = ParquetReaders.open(file.toUri())) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        ColumnDescriptor column = schema.getColumns().get(0);
        assertThat(BinaryKeyChunk.handles(column)).isTrue();
        for (PageReadStore pages = reader.readNextRowGroup();
            pages != null;
            pages = reader.readNextRowGroup()) {
          rowGroups++;
          ids = BinaryKeyChunk.entityIds(pages, column, entities, ids);
          for (int r = 0; r < pages.getRowCount(); r++) {
            bulk.add(ids[r]);
          }
          readValueByValue(oracleReader, schema, column, entities, oracle);
        }
      }
      assertThat(bulk).containsExactlyElementsOf(oracle);
      assertThat(bulk).containsExactlyElementsOf(expected(written, entities));
      if (spec.rows() > 20_000 && spec.distinct() >= 1_000 && spec.nullPercent() < 100) {
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
    return Builders.withBuilder(() -> new Object[10])
        .use(Arbitraries.of(true, false))
        .in((a, v) -> set(a, 0, v))
        .use(Arbitraries.of(true, false))
        .in((a, v) -> set(a, 1, v))
        .use(Arbitraries.of(WriterVersion.PARQUET_1_0, WriterVersion.PARQUET_2_0))
        .in((a, v) -> set(a, 2, v))
        .use(
            Arbitraries.oneOf(
                Arbitraries.integers().between(0, 50),
                Arbitraries.integers().between(20_001, 40_000)))
        .in((a, v) -> set(a, 3, v))
        .use(Arbitraries.of(1, 2, 30, 1_000, 20_000))
        .in((a, v) -> set(a, 4, v))
        .use(Arbitraries.of(0, 3, 12, 100))
        .in((a, v) -> set(a, 5, v))
        .use(Arbitraries.of(0, 5, 50, 100))
        .in((a, v) -> set(a, 6, v))
        .use(Arbitraries.of(0, 30, 90, 100))
        .in((a, v) -> set(a, 7, v))
        .use(Arbitraries.of(1, 7, 100, 5_000))
        .in((a, v) -> set(a, 8, v))
        .use(Arbitraries.longs())
        .in((a, v) -> set(a, 9, v))
        .build(
            a ->
                new Spec(
                    (Boolean) a[0],
                    (Boolean) a[1],
                    (WriterVersion) a[2],
                    (Integer) a[3],
                    (Integer) a[4],
                    (Integer) a[5],
                    (Integer) a[6],
                    (Integer) a[7],
                    (Integer) a[8],
                    (Long) a[9]));
  }

  private static Object[] set(Object[] a, int i, Object v) {
    a[i] = v;
    return a;
  }

  /** Each written key's id in the entities, looked up as the entity side encodes it. */
  private static List<Integer> expected(String[] written, KeyDictionary entities) {
    KeyEncoder encoder = new KeyEncoder();
    List<Integer> ids = new ArrayList<>();
    for (String v : written) {
      if (v == null) {
        ids.add(-1);
      } else {
        encoder.reset();
        encoder.addString(v);
        ids.add(entities.find(encoder.buffer(), encoder.length()));
      }
    }
    return ids;
  }

  /**
   * Writes the keys as column {@code k}, with small row groups and pages, and a dictionary page
   * small enough that a few hundred distinct keys make the writer fall back to plain.
   */
  private static void write(Spec spec, String[] values, Path file) throws IOException {
    MessageType schema =
        Types.buildMessage()
            .addField(
                Types.primitive(
                        PrimitiveTypeName.BINARY,
                        spec.optional() ? Repetition.OPTIONAL : Repetition.REQUIRED)
                    .named("k"))
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
      for (String v : values) {
        Group g = groups.newGroup();
        if (v != null) {
          g.add("k", v);
        }
        writer.write(g);
      }
    }
  }

  /** Appends the ids of the next row group's keys, mapped one value at a time. */
  private static void readValueByValue(
      ParquetFileReader reader,
      MessageType schema,
      ColumnDescriptor column,
      KeyDictionary entities,
      List<Integer> out)
      throws IOException {
    PageReadStore pages = reader.readNextRowGroup();
    String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    ColumnCursor cursor = ColumnCursor.flat(ColumnCursor.store(pages, schema, createdBy), column);
    KeyEncoder encoder = new KeyEncoder();
    for (long r = 0; r < pages.getRowCount(); r++) {
      if (cursor.isNull()) {
        out.add(-1);
      } else {
        encoder.reset();
        encoder.addBinary(cursor.getBinary());
        out.add(entities.find(encoder.buffer(), encoder.length()));
      }
      cursor.next();
    }
  }
}
