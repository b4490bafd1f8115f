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
    Long[] written = spec.values();
    List<Long> bulk = new ArrayList<>();
    List<Long> oracle = new ArrayList<>();
    ColumnVector vector = new ColumnVector(ColumnVector.Kind.INT64, 0);
    FlatColumnFiles.Layout layout =
        new FlatColumnFiles.Layout(
            spec.physical(), spec.optional(), spec.dictionary(), spec.version(), spec.pageRows());
    int rowGroups =
        FlatColumnFiles.checkEachRowGroup(
            layout,
            written,
            (pages, column, oracleStore) -> {
              assertThat(LongColumnChunk.handles(column)).isTrue();
              vector.clear();
              LongColumnChunk.decode(pages, column, vector);
              assertThat(vector.size).isEqualTo(pages.getRowCount());
              for (int r = 0; r < vector.size; r++) {
                bulk.add(vector.nulls[r] ? null : vector.longs[r]);
              }
              readWithColumnReader(oracleStore, column, vector.size, oracle);
            });
    assertThat(bulk).containsExactlyElementsOf(oracle);
    assertThat(bulk).containsExactly(written);
    boolean bulky = spec.distinct() >= 1_000 && (!spec.optional() || spec.nullPercent() < 100);
    if (spec.rows() > 20_000 && bulky) {
      assertThat(rowGroups).as("row groups").isGreaterThan(1);
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

  /** Appends a row group's values, read one at a time by parquet's column reader. */
  private static void readWithColumnReader(
      ColumnReadStoreImpl store, ColumnDescriptor column, int rows, List<Long> out) {
    ColumnReader values = store.getColumnReader(column);
    for (int r = 0; r < rows; r++) {
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
