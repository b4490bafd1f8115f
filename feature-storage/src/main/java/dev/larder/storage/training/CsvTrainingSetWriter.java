package dev.larder.storage.training;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;

/**
 * Writes a training set as CSV (RFC 4180, a header row, {@code \n} line ends). Timestamps are RFC
 * 3339 in UTC, byte strings Base64, lists JSON arrays, nulls empty cells.
 */
final class CsvTrainingSetWriter implements TrainingSetWriter {

  private final BufferedWriter out;
  private final JoinedRows joined;
  private final boolean[] textColumn;
  private final boolean[] timeColumn;
  private final StringBuilder line = new StringBuilder();
  private boolean lineStarted;

  CsvTrainingSetWriter(Path file, JoinedRows joined) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    this.joined = joined;
    List<EntityColumn> columns = joined.entityColumns();
    this.textColumn = new boolean[columns.size()];
    this.timeColumn = new boolean[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      LogicalTypeAnnotation logical = columns.get(c).type().getLogicalTypeAnnotation();
      textColumn[c] =
          logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
              || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
              || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
      timeColumn[c] =
          logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
              && ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS;
      cell(columns.get(c).name());
    }
    for (TrainingSetPlan.FeatureColumn c : joined.plan().columns()) {
      cell(c.name());
    }
    endLine();
  }

  @Override
  public void write(EntityBatch batch) throws IOException {
    ColumnVector[] columns = batch.columns();
    List<TrainingSetPlan.FeatureColumn> featureColumns = joined.plan().columns();
    ColumnVector[] features = new ColumnVector[featureColumns.size()];
    for (int f = 0; f < features.length; f++) {
      features[f] = joined.gather(featureColumns.get(f), batch.firstRow(), batch.rows());
    }
    for (int r = 0; r < batch.rows(); r++) {
      for (int c = 0; c < textColumn.length; c++) {
        ColumnVector v = columns[c];
        cell(v.isNull(r) ? "" : entityText(v, r, c));
      }
      for (int f = 0; f < features.length; f++) {
        ColumnVector v = features[f];
        cell(v.isNull(r) ? "" : featureText(v, r, featureColumns.get(f).type()));
      }
      endLine();
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private String entityText(ColumnVector v, int r, int c) {
    if (timeColumn[c]) {
      return EventTimes.format(v.longs[r]);
    }
    if (v.kind == ColumnVector.Kind.BINARY) {
      return textColumn[c] ? v.binaries[r].toStringUsingUTF8() : base64(v.binaries[r]);
    }
    return scalar(v, r);
  }

  private static String featureText(ColumnVector v, int r, ValueType type) {
    return switch (type) {
      case TIMESTAMP -> EventTimes.format(v.longs[r]);
      case STRING -> v.binaries[r].toStringUsingUTF8();
      case BYTES -> base64(v.binaries[r]);
      case BOOL, INT32, INT64, FLOAT, DOUBLE -> scalar(v, r);
      default -> list((Value) v.objects[r]);
    };
  }

  private static String scalar(ColumnVector v, int r) {
    return switch (v.kind) {
      case BOOLEAN -> v.longs[r] != 0 ? "true" : "false";
      case INT32, INT64 -> Long.toString(v.longs[r]);
      case FLOAT -> Float.toString((float) v.doubles[r]);
      case DOUBLE -> Double.toString(v.doubles[r]);
      default -> throw new IllegalStateException("not a scalar column: " + v.kind);
    };
  }

  private static String list(Value v) {
    List<?> values =
        switch (v.getKindCase()) {
          case INT32_LIST_VAL -> v.getInt32ListVal().getValuesList();
          case INT64_LIST_VAL -> v.getInt64ListVal().getValuesList();
          case FLOAT_LIST_VAL -> v.getFloatListVal().getValuesList();
          case DOUBLE_LIST_VAL -> v.getDoubleListVal().getValuesList();
          case STRING_LIST_VAL ->
              v.getStringListVal().getValuesList().stream()
                  .map(s -> new com.google.gson.JsonPrimitive(s).toString())
                  .toList();
          default -> List.of();
        };
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      s.append(i == 0 ? "" : ",").append(values.get(i));
    }
    return s.append(']').toString();
  }

  private static String base64(Binary b) {
    return Base64.getEncoder().encodeToString(b.getBytes());
  }

  private void cell(String text) {
    if (lineStarted) {
      line.append(',');
    }
    lineStarted = true;
    boolean quote =
        text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
    if (quote) {
      line.append('"').append(text.replace("\"", "\"\"")).append('"');
    } else {
      line.append(text);
    }
  }

  private void endLine() throws IOException {
    line.append('\n');
    out.append(line);
    line.setLength(0);
    lineStarted = false;
  }
}
