package dev.larder.storage.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * {@link FlatColumnChunk} against parquet's own {@link ColumnReader} and the values written, on
 * files parquet-java writes with every combination of physical type, nullability, dictionary on or
 * off (and falling back to plain mid-chunk), page format v1 or v2, and many pages and row groups.
 */
class FlatColumnChunkPropertyTest {

  /** Odd floating-point values that a bulk copy must keep as they are. */
  private static final double[] SPECIAL = {
    0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE
  };

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

    /** The values of the rows as the test compares them (see {@link #normal}), null for a null. */
    Object[] values() {
      Random random = new Random(seed);
      Object[] values = new Object[rows];
      Object[] pool = new Object[distinct];
      for (int i = 0; i < distinct; i++) {
        pool[i] = value(random, i);
      }
      for (int r = 0; r < rows; r++) {
        boolean isNull = optional && random.nextInt(100) < nullPercent;
        values[r] = isNull ? null : pool[random.nextInt(distinct)];
      }
      return values;
    }

    private Object value(Random random, int i) {
      return switch (physical) {
        case BOOLEAN -> random.nextBoolean() ? 1L : 0L;
        case INT32 -> (long) random.nextInt();
        case INT64 -> random.nextLong();
        case FLOAT -> (double) (float) special(random, i);
        case DOUBLE -> special(random, i);
        default -> {
          StringBuilder s = new StringBuilder().append(i).append(':');
          for (int c = random.nextInt(20); c > 0; c--) {
            s.append(random.nextInt(8) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
          }
          yield i == 0 ? "" : s.toString();
        }
      };
    }

    private static double special(Random random, int i) {
      return i < SPECIAL.length ? SPECIAL[i] : random.nextDouble() * 2e6 - 1e6;
    }
  }

  @Property(tries = 200)
  void decodesAsParquetsColumnReaderDoes(@ForAll("specs") Spec spec) throws IOException {
    Object[] written = spec.values();
    List<Object> bulk = new ArrayList<>();
    List<Object> oracle = new ArrayList<>();
    ColumnVector.Kind kind = kindOf(spec.physical());
    ColumnVector vector = new ColumnVector(kind, 0);
    FlatColumnFiles.Layout layout =
        new FlatColumnFiles.Layout(
            spec.physical(), spec.optional(), spec.dictionary(), spec.version(), spec.pageRows());
    int rowGroups =
        FlatColumnFiles.checkEachRowGroup(
            layout,
            written,
            (pages, column, oracleStore) -> {
              assertThat(FlatColumnChunk.handles(column, kind)).isTrue();
              vector.clear();
              FlatColumnChunk.decode(pages, column, vector);
              assertThat(vector.size).isEqualTo(pages.getRowCount());
              for (int r = 0; r < vector.size; r++) {
                bulk.add(normal(vector, r));
              }
              readWithColumnReader(oracleStore, column, vector.size, oracle);
            });
    assertThat(bulk).containsExactlyElementsOf(oracle);
    assertThat(bulk).containsExactly(written);
    boolean bulky = spec.distinct() >= 1_000 && (!spec.optional() || spec.nullPercent() < 100);
    if (spec.rows() > 20_000 && bulky && spec.physical() != PrimitiveTypeName.BOOLEAN) {
      assertThat(rowGroups).as("row groups").isGreaterThan(1);
    }
  }

  @Property(tries = 20)
  void refusesAVectorOfAnotherKind(@ForAll("specs") Spec spec) throws IOException {
    ColumnVector.Kind other =
        kindOf(spec.physical()) == ColumnVector.Kind.DOUBLE
            ? ColumnVector.Kind.BINARY
            : ColumnVector.Kind.DOUBLE;
    Spec one = new Spec(spec.physical(), false, false, spec.version(), 1, 1, 0, 1, spec.seed());
    FlatColumnFiles.checkEachRowGroup(
        new FlatColumnFiles.Layout(one.physical(), false, false, one.version(), 1),
        one.values(),
        (pages, column, oracleStore) -> {
          assertThat(FlatColumnChunk.handles(column, other)).isFalse();
          ColumnVector wrong = new ColumnVector(other, 0);
          assertThatThrownBy(() -> FlatColumnChunk.decode(pages, column, wrong))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining(other.name());
        });
  }

  @Provide
  Arbitrary<Spec> specs() {
    return Builders.withBuilder(() -> new Object[9])
        .use(
            Arbitraries.of(
                PrimitiveTypeName.BOOLEAN,
                PrimitiveTypeName.INT32,
                PrimitiveTypeName.INT64,
                PrimitiveTypeName.FLOAT,
                PrimitiveTypeName.DOUBLE,
                PrimitiveTypeName.BINARY))
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

  private static ColumnVector.Kind kindOf(PrimitiveTypeName physical) {
    return switch (physical) {
      case BOOLEAN, INT32, INT64 -> ColumnVector.Kind.INT64;
      case FLOAT, DOUBLE -> ColumnVector.Kind.DOUBLE;
      default -> ColumnVector.Kind.BINARY;
    };
  }

  /** A decoded row as the test compares it: Boolean, Long, Double, String or null. */
  private static Object normal(ColumnVector vector, int r) {
    if (vector.nulls[r]) {
      return null;
    }
    return switch (vector.kind) {
      case DOUBLE -> vector.doubles[r];
      case BINARY -> vector.binaries[r].toStringUsingUTF8();
      default -> vector.longs[r];
    };
  }

  /** Appends a row group's values, read one at a time by parquet's column reader. */
  private static void readWithColumnReader(
      ColumnReadStoreImpl store, ColumnDescriptor column, int rows, List<Object> out) {
    ColumnReader values = store.getColumnReader(column);
    for (int r = 0; r < rows; r++) {
      if (values.getCurrentDefinitionLevel() < column.getMaxDefinitionLevel()) {
        out.add(null);
      } else {
        out.add(
            switch (column.getPrimitiveType().getPrimitiveTypeName()) {
              case BOOLEAN -> values.getBoolean() ? 1L : 0L;
              case INT32 -> (long) values.getInteger();
              case INT64 -> values.getLong();
              case FLOAT -> (double) values.getFloat();
              case DOUBLE -> values.getDouble();
              default -> values.getBinary().toStringUsingUTF8();
            });
      }
      values.consume();
    }
  }
}
