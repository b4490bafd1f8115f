package dev.larder.storage.training;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidArgumentException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * An entity file in CSV (RFC 4180: a header row, fields separated by commas, quoted with {@code "}
 * when they hold commas, quotes or line breaks). Join-key cells are parsed as their declared types,
 * {@code event_timestamp} as a time; every other column stays text. An empty cell is null.
 */
final class CsvEntitySource implements EntitySource {

  private static final int BATCH_ROWS = 1 << 16;

  private final Path file;
  private final List<EntityColumn> columns = new ArrayList<>();

  CsvEntitySource(Path file, Map<String, ValueType> keyTypes) {
    this.file = file;
    List<String> header;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      header = new Fields(in).next();
    } catch (IOException e) {
      throw new InvalidArgumentException("entities: cannot read " + file + ": " + e.getMessage());
    }
    if (header == null) {
      throw new InvalidArgumentException("entities: " + file + " is empty; it needs a header row");
    }
    for (String name : header) {
      columns.add(column(name.strip(), keyTypes.get(name.strip())));
    }
  }

  private static EntityColumn column(String name, ValueType keyType) {
    if (name.equals(EVENT_TIMESTAMP)) {
      return new EntityColumn(
          name,
          Types.primitive(PrimitiveTypeName.INT64, Repetition.REQUIRED)
              .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
              .named(name),
          ColumnVector.Kind.INT64);
    }
    if (keyType == ValueType.INT32 || keyType == ValueType.INT64) {
      PrimitiveTypeName physical =
          keyType == ValueType.INT32 ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64;
      return new EntityColumn(
          name,
          Types.primitive(physical, Repetition.OPTIONAL).named(name),
          keyType == ValueType.INT32 ? ColumnVector.Kind.INT32 : ColumnVector.Kind.INT64);
    }
    PrimitiveType text =
        Types.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL)
            .as(LogicalTypeAnnotation.stringType())
            .named(name);
    return new EntityColumn(name, text, ColumnVector.Kind.BINARY);
  }

  @Override
  public List<EntityColumn> columns() {
    return columns;
  }

  @Override
  public void read(boolean[] wanted, Consumer<EntityBatch> consumer) {
    ColumnVector[] vectors = new ColumnVector[columns.size()];
    for (int c = 0; c < vectors.length; c++) {
      if (wanted[c]) {
        vectors[c] = new ColumnVector(columns.get(c).kind(), BATCH_ROWS);
      }
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Fields fields = new Fields(in);
      fields.next();
      long first = 0;
      int rows = 0;
      for (List<String> row = fields.next(); row != null; row = fields.next()) {
        long line = first + rows + 1;
        if (row.size() != columns.size()) {
          throw new InvalidArgumentException(
              "entities: row "
                  + line
                  + " has "
                  + row.size()
                  + " fields, the header "
                  + columns.size());
        }
        for (int c = 0; c < vectors.length; c++) {
          if (vectors[c] != null) {
            add(vectors[c], columns.get(c), row.get(c), line);
          }
        }
        if (++rows == BATCH_ROWS) {
          consumer.accept(new EntityBatch(first, rows, vectors));
          first += rows;
          rows = 0;
          clear(vectors);
        }
      }
      if (rows > 0) {
        consumer.accept(new EntityBatch(first, rows, vectors));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void clear(ColumnVector[] vectors) {
    for (ColumnVector v : vectors) {
      if (v != null) {
        v.clear();
      }
    }
  }

  private static void add(ColumnVector out, EntityColumn column, String cell, long row) {
    if (column.name().equals(EVENT_TIMESTAMP)) {
      out.appendLong(EventTimes.entityTimeMicros(cell, row));
      return;
    }
    if (cell.isEmpty()) {
      out.appendNull();
      return;
    }
    switch (column.kind()) {
      case INT32, INT64 -> {
        try {
          long v = Long.parseLong(cell.strip());
          if (column.kind() == ColumnVector.Kind.INT32) {
            v = Math.toIntExact(v);
          }
          out.appendLong(v);
        } catch (ArithmeticException | NumberFormatException e) {
          throw new InvalidArgumentException(
              "entities: row "
                  + row
                  + ": "
                  + column.name()
                  + " '"
                  + cell
                  + "' is not an integer of the join key's type");
        }
      }
      default -> out.appendBinary(Binary.fromString(cell));
    }
  }

  /** Splits CSV text into rows of fields. */
  private static final class Fields {
    private final BufferedReader in;
    private final StringBuilder field = new StringBuilder();

    Fields(BufferedReader in) {
      this.in = in;
    }

    /** The next row, or null at the end of the file. */
    List<String> next() throws IOException {
      String line = in.readLine();
      while (line != null && line.isEmpty()) {
        line = in.readLine();
      }
      if (line == null) {
        return null;
      }
      List<String> row = new ArrayList<>();
      field.setLength(0);
      boolean quoted = false;
      int i = 0;
      while (true) {
        if (i == line.length()) {
          if (!quoted) {
            break;
          }
          String more = in.readLine();
          if (more == null) {
            throw new InvalidArgumentException("entities: a quoted field is never closed");
          }
          field.append('\n');
          line = more;
          i = 0;
          continue;
        }
        char ch = line.charAt(i++);
        if (quoted) {
          if (ch == '"') {
            if (i < line.length() && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            field.append(ch);
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ',') {
          row.add(field.toString());
          field.setLength(0);
        } else {
          field.append(ch);
        }
      }
      row.add(field.toString());
      return row;
    }
  }
}
