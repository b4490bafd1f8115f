package dev.larder.server.serving;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import com.google.protobuf.WireFormat;
import dev.larder.proto.serving.v1.FeatureVector;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.Feature;
import dev.larder.storage.online.StoredRow;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@code GetOnlineFeaturesResponse} in protobuf wire format straight from the stored rows:
 * sizes are computed in a first pass ({@link #encode}), bytes written in a second, when the {@link
 * EncodedAnswer} is written out. No {@code FeatureVector}, {@code Value} or {@code Timestamp}
 * objects are built.
 *
 * <p>This is the serving hot path, and deliberately written at the level of wire fields: building
 * and serialising the answer's objects was a third of the server's CPU at batch size 1. The bytes
 * are those protobuf would write for the same message (fields in number order, packed statuses), so
 * they parse to exactly the answer the object-building code gave. One instance per answer; once
 * sized, it only reads its state, and may write the answer any number of times.
 */
final class AnswerEncoder {

  private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int METADATA = GetOnlineFeaturesResponse.METADATA_FIELD_NUMBER;
  private static final int RESULTS = GetOnlineFeaturesResponse.RESULTS_FIELD_NUMBER;
  private static final int VALUES = FeatureVector.VALUES_FIELD_NUMBER;
  private static final int STATUSES = FeatureVector.STATUSES_FIELD_NUMBER;
  private static final int EVENT_TIMESTAMPS = FeatureVector.EVENT_TIMESTAMPS_FIELD_NUMBER;

  /** One event timestamp field holding the empty {@code Timestamp}: tag and length 0. */
  private static final int EMPTY_TIMESTAMP_SIZE = 2;

  private final FeaturePlan plan;
  private final Map<String, List<Value>> entities;
  private final int rows;
  private final List<StoredRow> stored;

  /** Whether the rows come from the fallback cache, so that their values are STALE. */
  private final boolean stale;

  /** Per feature column and row, the {@link FieldStatus} number. */
  private final byte[] statuses;

  /** Per view, the event timestamps field its columns share, ready to copy. */
  private final byte[][] eventTimestamps;

  /** Per output column (join keys first), the size of its {@code FeatureVector}. */
  private final int[] vectorSizes;

  private AnswerEncoder(
      FeaturePlan plan,
      Map<String, List<Value>> entities,
      int rows,
      List<StoredRow> stored,
      boolean stale) {
    this.plan = plan;
    this.entities = entities;
    this.rows = rows;
    this.stored = stored;
    this.stale = stale;
    this.statuses = new byte[plan.columns().size() * rows];
    this.eventTimestamps = new byte[plan.views().size()][];
    this.vectorSizes = new int[plan.joinKeys().size() + plan.columns().size()];
  }

  /**
   * Encodes an answer and counts its statuses.
   *
   * @param entities the request's join key columns, validated against the plan
   * @param rows the number of request rows
   * @param stored per view of the plan, then per row, the stored row or null ({@code views x rows})
   * @param stale whether the rows come from the fallback cache: their values within the ttl are
   *     then {@code STALE} rather than {@code PRESENT} or {@code NULL_VALUE}
   * @param nowMicros the request time, against which rows are judged older than their view's ttl
   * @param counts receives the status of every feature value served, per view
   * @return the {@code GetOnlineFeaturesResponse}, sized and ready to write
   */
  static EncodedAnswer encode(
      FeaturePlan plan,
      Map<String, List<Value>> entities,
      int rows,
      List<StoredRow> stored,
      boolean stale,
      long nowMicros,
      StatusCounts counts) {
    AnswerEncoder encoder = new AnswerEncoder(plan, entities, rows, stored, stale);
    boolean[] fresh = encoder.judgeRows(nowMicros);
    int size = encoder.size(fresh, counts);
    return new EncodedAnswer(encoder, size);
  }

  /**
   * Writes each view's event timestamps field and tells, per view and row, whether a row is there
   * and within the view's ttl.
   */
  private boolean[] judgeRows(long nowMicros) {
    int viewCount = plan.views().size();
    boolean[] fresh = new boolean[viewCount * rows];
    for (int v = 0; v < viewCount; v++) {
      Duration ttl = plan.views().get(v).ttl().orElse(null);
      long maxAgeMicros = ttl == null ? -1 : toMicros(ttl);
      int size = 0;
      for (int r = 0; r < rows; r++) {
        StoredRow row = stored.get(v * rows + r);
        size +=
            row == null
                ? EMPTY_TIMESTAMP_SIZE
                : 1 + delimitedSize(timestampSize(row.eventTimeMicros()));
        fresh[v * rows + r] =
            row != null && (maxAgeMicros < 0 || nowMicros - row.eventTimeMicros() <= maxAgeMicros);
      }
      byte[] field = new byte[size];
      CodedOutputStream out = CodedOutputStream.newInstance(field);
      try {
        for (int r = 0; r < rows; r++) {
          StoredRow row = stored.get(v * rows + r);
          out.writeTag(EVENT_TIMESTAMPS, LENGTH_DELIMITED);
          if (row == null) {
            out.writeUInt32NoTag(0);
          } else {
            writeTimestamp(row.eventTimeMicros(), out);
          }
        }
      } catch (IOException e) {
        throw sizeMismatch(e);
      }
      eventTimestamps[v] = field;
    }
    return fresh;
  }

  /** Decides every value's status, counts it, and returns the size of the whole answer. */
  private int size(boolean[] fresh, StatusCounts counts) {
    int column = 0;
    int total = 1 + delimitedSize(plan.encodedMetadata().size());
    for (String key : plan.joinKeys().keySet()) {
      int values = 0;
      for (Value value : entities.get(key)) {
        values += 1 + delimitedSize(value.getSerializedSize());
      }
      vectorSizes[column] = values + statusesSize() + rows * EMPTY_TIMESTAMP_SIZE;
      total += 1 + delimitedSize(vectorSizes[column++]);
    }
    List<FeaturePlan.Column> columns = plan.columns();
    for (int c = 0; c < columns.size(); c++) {
      int v = columns.get(c).viewIndex();
      int index = columns.get(c).feature().index();
      Feature feature = columns.get(c).feature().feature();
      int defaultSize = feature.hasDefault() ? feature.defaultValue().getSerializedSize() : 0;
      int values = 0;
      for (int r = 0; r < rows; r++) {
        StoredRow row = stored.get(v * rows + r);
        int status;
        int valueSize;
        if (row == null || index >= row.valueCount()) {
          status = feature.hasDefault() ? FieldStatus.DEFAULTED_VALUE : FieldStatus.NOT_FOUND_VALUE;
          valueSize = defaultSize;
        } else if (!fresh[v * rows + r]) {
          status = FieldStatus.OUTSIDE_MAX_AGE_VALUE;
          valueSize = defaultSize;
        } else if (stale) {
          status = FieldStatus.STALE_VALUE;
          valueSize = row.valueWireSize(index);
        } else {
          status = row.isNull(index) ? FieldStatus.NULL_VALUE_VALUE : FieldStatus.PRESENT_VALUE;
          valueSize = row.valueWireSize(index);
        }
        statuses[c * rows + r] = (byte) status;
        counts.add(v, status);
        values += 1 + delimitedSize(valueSize);
      }
      vectorSizes[column] = values + statusesSize() + eventTimestamps[v].length;
      total += 1 + delimitedSize(vectorSizes[column++]);
    }
    return total;
  }

  /** Writes the answer's bytes, as many as {@link #encode} counted. */
  void write(CodedOutputStream out) throws IOException {
    out.writeBytes(METADATA, plan.encodedMetadata());
    int column = 0;
    for (String key : plan.joinKeys().keySet()) {
      startVector(vectorSizes[column++], out);
      for (Value value : entities.get(key)) {
        out.writeMessage(VALUES, value);
      }
      writeStatuses(-1, out);
      for (int r = 0; r < rows; r++) {
        out.writeTag(EVENT_TIMESTAMPS, LENGTH_DELIMITED);
        out.writeUInt32NoTag(0);
      }
    }
    List<FeaturePlan.Column> columns = plan.columns();
    for (int c = 0; c < columns.size(); c++) {
      startVector(vectorSizes[column++], out);
      writeValues(c, columns.get(c), out);
      writeStatuses(c, out);
      out.writeRawBytes(eventTimestamps[columns.get(c).viewIndex()]);
    }
  }

  private static void startVector(int size, CodedOutputStream out) throws IOException {
    out.writeTag(RESULTS, LENGTH_DELIMITED);
    out.writeUInt32NoTag(size);
  }

  private void writeValues(int c, FeaturePlan.Column column, CodedOutputStream out)
      throws IOException {
    int v = column.viewIndex();
    int index = column.feature().index();
    Feature feature = column.feature().feature();
    for (int r = 0; r < rows; r++) {
      int status = statuses[c * rows + r];
      if (status == FieldStatus.PRESENT_VALUE
          || status == FieldStatus.NULL_VALUE_VALUE
          || status == FieldStatus.STALE_VALUE) {
        StoredRow row = stored.get(v * rows + r);
        out.writeTag(VALUES, LENGTH_DELIMITED);
        out.writeUInt32NoTag(row.valueWireSize(index));
        row.writeValue(index, out);
      } else if (feature.hasDefault()) {
        out.writeMessage(VALUES, feature.defaultValue());
      } else {
        out.writeTag(VALUES, LENGTH_DELIMITED);
        out.writeUInt32NoTag(0);
      }
    }
  }

  /** Writes the packed statuses of feature column {@code c}, or all PRESENT when it is -1. */
  private void writeStatuses(int c, CodedOutputStream out) throws IOException {
    if (rows == 0) {
      return;
    }
    out.writeTag(STATUSES, LENGTH_DELIMITED);
    out.writeUInt32NoTag(rows);
    for (int r = 0; r < rows; r++) {
      // Every status number is below 128: one byte each.
      out.writeRawByte(c < 0 ? (byte) FieldStatus.PRESENT_VALUE : statuses[c * rows + r]);
    }
  }

  /** The size of the packed statuses field of a column; empty when there are no rows. */
  private int statusesSize() {
    return rows == 0 ? 0 : 1 + delimitedSize(rows);
  }

  /** The size of the fields of the {@code Timestamp} of {@code micros}. */
  private static int timestampSize(long micros) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1_000;
    return (seconds == 0 ? 0 : 1 + CodedOutputStream.computeInt64SizeNoTag(seconds))
        + (nanos == 0 ? 0 : 1 + CodedOutputStream.computeInt32SizeNoTag(nanos));
  }

  /** Writes the length and fields of a {@code Timestamp}, as protobuf would write the message. */
  private static void writeTimestamp(long micros, CodedOutputStream out) throws IOException {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1_000;
    out.writeUInt32NoTag(timestampSize(micros));
    if (seconds != 0) {
      out.writeInt64(Timestamp.SECONDS_FIELD_NUMBER, seconds);
    }
    if (nanos != 0) {
      out.writeInt32(Timestamp.NANOS_FIELD_NUMBER, nanos);
    }
  }

  /** The size of a length-delimited payload of {@code n} bytes with its length prefix. */
  private static int delimitedSize(int n) {
    return CodedOutputStream.computeUInt32SizeNoTag(n) + n;
  }

  static long toMicros(Duration d) {
    return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
  }

  static IllegalStateException sizeMismatch(Exception e) {
    return new IllegalStateException("the answer's computed size does not match its bytes", e);
  }
}
