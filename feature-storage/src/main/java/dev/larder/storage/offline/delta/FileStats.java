package dev.larder.storage.offline.delta;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TimeRange;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The statistics of one data file that let readers skip it: its row count and the minimum and
 * maximum of {@code event_timestamp} and of each join key, in the JSON form of the Delta protocol's
 * {@code stats} field ({@code numRecords}, {@code minValues}, {@code maxValues}, {@code
 * nullCount}).
 *
 * <p>Timestamps in Delta statistics have millisecond precision, so the minimum is written rounded
 * down and the maximum rounded up to the millisecond: the bounds stay true for every reader.
 * Strings are ordered by code point, which is the byte order of their UTF-8 form that other engines
 * use.
 *
 * @param keyMin per join key, the smallest value; an entry is null when unknown
 * @param keyMax per join key, the greatest value; an entry is null when unknown
 */
record FileStats(
    long numRecords,
    long minEventMicros,
    long maxEventMicros,
    List<Value> keyMin,
    List<Value> keyMax) {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  /** True when some row of the file may have an event time in the range. */
  boolean mayOverlap(TimeRange range) {
    return maxEventMicros >= range.startMicros() && minEventMicros < range.endMicros();
  }

  /** True when every row of the file certainly has an event time in the range. */
  boolean within(TimeRange range) {
    return minEventMicros >= range.startMicros() && maxEventMicros < range.endMicros();
  }

  /** True when some row of the file may belong to one of the entities. */
  boolean mayContainAny(Set<List<Value>> entities) {
    for (List<Value> entity : entities) {
      if (mayContain(entity)) {
        return true;
      }
    }
    return false;
  }

  private boolean mayContain(List<Value> entity) {
    return new ReadFilter.KeyBounds(entity, entity).mayOverlap(keyMin, keyMax);
  }

  /** True when some row of the file may have join keys within the bounds. */
  boolean mayOverlap(ReadFilter.KeyBounds bounds) {
    return bounds.mayOverlap(keyMin, keyMax);
  }

  /** The statistics as a JSON object, as the Delta protocol defines them. */
  String toJson(List<JoinKey> joinKeys) {
    JsonObject min = new JsonObject();
    JsonObject max = new JsonObject();
    JsonObject nulls = new JsonObject();
    for (int k = 0; k < joinKeys.size(); k++) {
      String name = joinKeys.get(k).name();
      min.add(name, json(keyMin.get(k)));
      max.add(name, json(keyMax.get(k)));
      nulls.addProperty(name, 0);
    }
    min.addProperty(TableLayout.EVENT_TIMESTAMP, TIMESTAMP.format(floorMillis(minEventMicros)));
    max.addProperty(TableLayout.EVENT_TIMESTAMP, TIMESTAMP.format(ceilMillis(maxEventMicros)));
    nulls.addProperty(TableLayout.EVENT_TIMESTAMP, 0);
    JsonObject stats = new JsonObject();
    stats.addProperty("numRecords", numRecords);
    stats.add("minValues", min);
    stats.add("maxValues", max);
    stats.add("nullCount", nulls);
    return stats.toString();
  }

  /**
   * Statistics in JSON as delta-standalone must be given them for {@code AddFile.stats}: the JSON
   * object as a quoted, escaped JSON string. delta-standalone writes that field into the log raw
   * (unquoted), so an unescaped object would land in the log as an object, where the protocol wants
   * a string, and the next load of the table would fail. {@code AddFile.getStats()} of a loaded
   * table returns the plain object again.
   */
  static String toLogValue(String json) {
    return json == null ? null : new JsonPrimitive(json).toString();
  }

  /**
   * Reads statistics written by any Delta writer. A maximum timestamp is widened by 999 µs, since
   * writers other than this one truncate it to the millisecond.
   *
   * @return null when the statistics are missing or lack the event-time bounds
   */
  static FileStats parse(String json, List<JoinKey> joinKeys) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      JsonObject stats = JsonParser.parseString(json).getAsJsonObject();
      JsonObject min = stats.getAsJsonObject("minValues");
      JsonObject max = stats.getAsJsonObject("maxValues");
      if (min == null || max == null || !min.has(TableLayout.EVENT_TIMESTAMP)) {
        return null;
      }
      Value[] keyMin = new Value[joinKeys.size()];
      Value[] keyMax = new Value[joinKeys.size()];
      for (int k = 0; k < joinKeys.size(); k++) {
        keyMin[k] = value(min.get(joinKeys.get(k).name()), joinKeys.get(k).type());
        keyMax[k] = value(max.get(joinKeys.get(k).name()), joinKeys.get(k).type());
      }
      return new FileStats(
          stats.get("numRecords").getAsLong(),
          micros(min.get(TableLayout.EVENT_TIMESTAMP).getAsString()),
          micros(max.get(TableLayout.EVENT_TIMESTAMP).getAsString()) + 999,
          Arrays.asList(keyMin),
          Arrays.asList(keyMax));
    } catch (RuntimeException e) {
      return null; // unreadable statistics only cost the skipping, never the read
    }
  }

  private static JsonElement json(Value key) {
    return switch (key.getKindCase()) {
      case STRING_VAL -> new JsonPrimitive(key.getStringVal());
      case INT32_VAL -> new JsonPrimitive(key.getInt32Val());
      case INT64_VAL -> new JsonPrimitive(key.getInt64Val());
      default -> throw new IllegalArgumentException("not a join-key value: " + key);
    };
  }

  private static Value value(JsonElement json, ValueType type) {
    if (json == null || !json.isJsonPrimitive()) {
      return null;
    }
    return switch (type) {
      case STRING -> Value.newBuilder().setStringVal(json.getAsString()).build();
      case INT32 -> Value.newBuilder().setInt32Val(json.getAsInt()).build();
      case INT64 -> Value.newBuilder().setInt64Val(json.getAsLong()).build();
      default -> null;
    };
  }

  private static Instant floorMillis(long micros) {
    return Instant.ofEpochMilli(Math.floorDiv(micros, 1000));
  }

  private static Instant ceilMillis(long micros) {
    return Instant.ofEpochMilli(-Math.floorDiv(-micros, 1000));
  }

  private static long micros(String timestamp) {
    Instant t = OffsetDateTime.parse(timestamp).toInstant();
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }
}
