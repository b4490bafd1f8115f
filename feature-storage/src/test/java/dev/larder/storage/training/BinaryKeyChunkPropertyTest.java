package dev.larder.storage.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * {@link BinaryKeyChunk} against the per-value path it replaces (parquet's {@link ColumnReader},
 * {@link KeyEncoder}, {@link KeyDictionary#find}) and against the keys written, on files
 * parquet-java writes with nullable or required keys, dictionary on or off (and falling back to
 * plain mid-chunk), page format v1 or v2, and many pages and row groups, with a dictionary holding
 * some of the keys and some keys of its own.
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
    String[] pool = spec.pool();
    String[] written = spec.values(pool);
    KeyDictionary entities = spec.entities(pool);
    List<Integer> bulk = new ArrayList<>();
    List<Integer> oracle = new ArrayList<>();
    int[][] ids = {null};
    FlatColumnFiles.Layout layout =
        new FlatColumnFiles.Layout(
            PrimitiveTypeName.BINARY,
            spec.optional(),
            spec.dictionary(),
            spec.version(),
            spec.pageRows());
    int rowGroups =
        FlatColumnFiles.checkEachRowGroup(
            layout,
            written,
            (pages, column, oracleStore) -> {
              assertThat(BinaryKeyChunk.handles(column)).isTrue();
              ids[0] = BinaryKeyChunk.entityIds(pages, column, entities, ids[0]);
              int rows = Math.toIntExact(pages.getRowCount());
              for (int r = 0; r < rows; r++) {
                bulk.add(ids[0][r]);
              }
              readValueByValue(oracleStore, column, rows, entities, oracle);
            });
    assertThat(bulk).containsExactlyElementsOf(oracle);
    assertThat(bulk).containsExactlyElementsOf(expected(written, entities));
    if (spec.rows() > 20_000 && spec.distinct() >= 1_000 && spec.nullPercent() < 100) {
      assertThat(rowGroups).as("row groups").isGreaterThan(1);
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

  /** Appends the ids of a row group's keys, read by parquet's column reader one value at a time. */
  private static void readValueByValue(
      ColumnReadStoreImpl store,
      ColumnDescriptor column,
      int rows,
      KeyDictionary entities,
      List<Integer> out) {
    ColumnReader values = store.getColumnReader(column);
    KeyEncoder encoder = new KeyEncoder();
    for (int r = 0; r < rows; r++) {
      if (values.getCurrentDefinitionLevel() < column.getMaxDefinitionLevel()) {
        out.add(-1);
      } else {
        encoder.reset();
        encoder.addBinary(values.getBinary());
        out.add(entities.find(encoder.buffer(), encoder.length()));
      }
      values.consume();
    }
  }
}
