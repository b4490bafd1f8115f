package dev.larder.pipelines.source;

import dev.larder.pipelines.transform.EventParser;
import dev.larder.pipelines.transform.Parsed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads Parquet files of flat records: each top-level primitive column becomes a raw cell (its
 * text; a timestamp column as RFC 3339 text), a missing value a null cell. Nested and repeated
 * columns are not read (a schema column that is one makes its records bad). Record numbers count
 * from 1.
 */
final class ParquetRecordReader implements RecordReader {

  private static final long serialVersionUID = 1L;

  @Override
  public void read(Path file, EventParser parser, Consumer<Parsed> out) throws IOException {
    read(file, Map.of(), parser, out);
  }

  /**
   * Like {@link #read(Path, EventParser, Consumer)}, with {@code constants} added to every record
   * as cells (a null value a null cell), replacing the file's columns of the same name.
   */
  void read(Path file, Map<String, String> constants, EventParser parser, Consumer<Parsed> out)
      throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    String name = file.toString();
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), path).withConf(conf).build()) {
      long n = 0;
      for (Group g = reader.read(); g != null; g = reader.read()) {
        n++;
        Map<String, Object> cells = new HashMap<>();
        cells(g, cells);
        StringBuilder raw = new StringBuilder(g.toString().replace('\n', ' ').trim());
        for (Map.Entry<String, String> c : constants.entrySet()) {
          cells.put(c.getKey(), c.getValue());
          raw.append(' ').append(c.getKey()).append(": ").append(c.getValue());
        }
        out.accept(parser.parse(cells, raw.toString().trim(), name, n));
      }
    }
  }

  private static void cells(Group g, Map<String, Object> cells) {
    GroupType schema = g.getType();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Type t = schema.getType(i);
      if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
        cells.put(t.getName(), java.util.List.of("nested"));
        continue;
      }
      if (g.getFieldRepetitionCount(i) == 0) {
        cells.put(t.getName(), null);
        continue;
      }
      cells.put(t.getName(), text(g, i, t.asPrimitiveType()));
    }
  }

  private static String text(Group g, int i, PrimitiveType t) {
    LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
    return switch (t.getPrimitiveTypeName()) {
      case INT64 -> {
        long v = g.getLong(i, 0);
        if (logical instanceof TimestampLogicalTypeAnnotation ts) {
          yield micros(v, ts.getUnit()).toString();
        }
        yield Long.toString(v);
      }
      case INT32 -> Integer.toString(g.getInteger(i, 0));
      case BOOLEAN -> Boolean.toString(g.getBoolean(i, 0));
      case FLOAT -> Float.toString(g.getFloat(i, 0));
      case DOUBLE -> Double.toString(g.getDouble(i, 0));
      case BINARY, FIXED_LEN_BYTE_ARRAY -> g.getBinary(i, 0).toStringUsingUTF8();
      default -> g.getValueToString(i, 0);
    };
  }

  private static Instant micros(long v, TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> Instant.ofEpochMilli(v);
      case MICROS ->
          Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000);
      case NANOS ->
          Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
    };
  }
}
