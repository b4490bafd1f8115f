package dev.larder.storage.training;

import dev.larder.registry.errors.InvalidArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * An entity file in Parquet, read one row group at a time straight from its column pages, only the
 * columns asked for. Flat columns only. The event time may be a timestamp of any unit (with or
 * without UTC adjustment: naive times are UTC), an INT96 timestamp, a date, or RFC 3339 text.
 */
final class ParquetEntitySource implements EntitySource {

  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long JULIAN_EPOCH_DAY = 2_440_588;

  private final Path file;
  private final MessageType schema;
  private final List<EntityColumn> columns = new ArrayList<>();

  ParquetEntitySource(Path file) {
    this.file = file;
    try (ParquetFileReader reader = open()) {
      this.schema = reader.getFooter().getFileMetaData().getSchema();
    } catch (IOException e) {
      throw new InvalidArgumentException("entities: cannot read " + file + ": " + e.getMessage());
    }
    for (Type field : schema.getFields()) {
      if (!field.isPrimitive() || field.isRepetition(Repetition.REPEATED)) {
        throw new InvalidArgumentException(
            "entities: column '" + field.getName() + "' is nested; entity files take flat columns");
      }
      PrimitiveType type = field.asPrimitiveType();
      if (field.getName().equals(EVENT_TIMESTAMP)) {
        type =
            Types.primitive(PrimitiveTypeName.INT64, Repetition.REQUIRED)
                .as(
                    LogicalTypeAnnotation.timestampType(
                        true, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named(EVENT_TIMESTAMP);
      }
      columns.add(new EntityColumn(field.getName(), type, kindOf(type.getPrimitiveTypeName())));
    }
  }

  @Override
  public List<EntityColumn> columns() {
    return columns;
  }

  @Override
  public void read(boolean[] wanted, Consumer<EntityBatch> consumer) {
    List<Type> projected = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      if (wanted[c]) {
        projected.add(schema.getType(c));
      }
    }
    MessageType projection = new MessageType(schema.getName(), projected);
    ColumnVector[] vectors = new ColumnVector[columns.size()];
    for (int c = 0; c < vectors.length; c++) {
      if (wanted[c]) {
        vectors[c] = new ColumnVector(columns.get(c).kind(), 1 << 16);
      }
    }
    try (ParquetFileReader reader = open()) {
      reader.setRequestedSchema(projection);
      ColumnVector timeBytes = new ColumnVector(ColumnVector.Kind.BINARY, 0);
      long first = 0;
      for (PageReadStore pages = reader.readNextRowGroup();
          pages != null;
          pages = reader.readNextRowGroup()) {
        int rows = Math.toIntExact(pages.getRowCount());
        for (int c = 0; c < vectors.length; c++) {
          if (vectors[c] != null) {
            vectors[c].clear();
            String name = columns.get(c).name();
            ColumnDescriptor column = projection.getColumnDescription(new String[] {name});
            PrimitiveType type = schema.getType(c).asPrimitiveType();
            if (name.equals(EVENT_TIMESTAMP)) {
              readEventTimes(pages, column, type, first, vectors[c], timeBytes);
            } else {
              FlatColumnChunk.decode(pages, column, vectors[c]);
            }
          }
        }
        consumer.accept(new EntityBatch(first, rows, vectors));
        first += rows;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Reads a row group's event times into {@code out} as microseconds: INT64 timestamps and INT32
   * dates converted in place, INT96 timestamps and RFC 3339 text decoded into {@code bytes} first.
   *
   * @throws InvalidArgumentException if the column holds another type, a time is null or a text is
   *     not a timestamp
   */
  private static void readEventTimes(
      PageReadStore pages,
      ColumnDescriptor column,
      PrimitiveType type,
      long first,
      ColumnVector out,
      ColumnVector bytes) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    PrimitiveTypeName physical = type.getPrimitiveTypeName();
    boolean timestamp =
        physical == PrimitiveTypeName.INT64 && logical instanceof TimestampLogicalTypeAnnotation;
    boolean date =
        physical == PrimitiveTypeName.INT32
            && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation;
    boolean text =
        physical == PrimitiveTypeName.BINARY
            && logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation;
    if (!timestamp && !date && !text && physical != PrimitiveTypeName.INT96) {
      throw new InvalidArgumentException(
          "entities: column "
              + EVENT_TIMESTAMP
              + " is "
              + type
              + "; expected a timestamp, a date or RFC 3339 text");
    }
    ColumnVector raw = timestamp || date ? out : bytes;
    raw.clear();
    FlatColumnChunk.decode(pages, column, raw);
    for (int r = 0; r < raw.size; r++) {
      if (raw.nulls[r]) {
        throw new InvalidArgumentException(
            "entities: row " + (first + r + 1) + " has no " + EVENT_TIMESTAMP);
      }
    }
    long[] v = out.longs;
    if (timestamp) {
      TimeUnit unit = ((TimestampLogicalTypeAnnotation) logical).getUnit();
      for (int r = 0; r < out.size; r++) {
        v[r] =
            switch (unit) {
              case MILLIS -> Math.multiplyExact(v[r], 1000L);
              case MICROS -> v[r];
              case NANOS -> Math.floorDiv(v[r], 1000L);
            };
      }
    } else if (date) {
      for (int r = 0; r < out.size; r++) {
        v[r] = v[r] * MICROS_PER_DAY;
      }
    } else {
      for (int r = 0; r < bytes.size; r++) {
        out.appendLong(
            text
                ? EventTimes.entityTimeMicros(bytes.binaries[r].toStringUsingUTF8(), first + r + 1)
                : int96Micros(bytes.binaries[r]));
      }
    }
  }

  /** INT96 timestamps: nanoseconds of the day, then the Julian day, little-endian. */
  private static long int96Micros(Binary value) {
    ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanos = b.getLong();
    int julianDay = b.getInt();
    return (julianDay - JULIAN_EPOCH_DAY) * MICROS_PER_DAY + nanos / 1000;
  }

  private ParquetFileReader open() throws IOException {
    return ParquetReaders.open(file.toUri());
  }

  private static ColumnVector.Kind kindOf(PrimitiveTypeName physical) {
    return switch (physical) {
      case BOOLEAN -> ColumnVector.Kind.BOOLEAN;
      case INT32 -> ColumnVector.Kind.INT32;
      case INT64 -> ColumnVector.Kind.INT64;
      case FLOAT -> ColumnVector.Kind.FLOAT;
      case DOUBLE -> ColumnVector.Kind.DOUBLE;
      default -> ColumnVector.Kind.BINARY;
    };
  }
}
