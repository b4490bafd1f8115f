package dev.larder.storage.offline.delta;

import static dev.larder.testing.OfflineTables.micros;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.larder.proto.types.v1.DoubleList;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Int32List;
import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.TransactionId;
import dev.larder.testing.DeltaKernelReader;
import dev.larder.testing.OfflineTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delta Kernel, a reader that shares no code with ours, reads back the rows we wrote. */
class KernelReadBackIT {

  private static final List<ValueType> EVERY_TYPE =
      List.of(
          ValueType.BOOL,
          ValueType.INT32,
          ValueType.INT64,
          ValueType.FLOAT,
          ValueType.DOUBLE,
          ValueType.STRING,
          ValueType.BYTES,
          ValueType.TIMESTAMP,
          ValueType.INT32_LIST,
          ValueType.INT64_LIST,
          ValueType.FLOAT_LIST,
          ValueType.DOUBLE_LIST,
          ValueType.STRING_LIST);

  @TempDir Path root;

  private final FeatureView view =
      OfflineTables.view(
          "everything",
          List.of(
              new JoinKey("region", ValueType.STRING), new JoinKey("store_id", ValueType.INT64)),
          EVERY_TYPE);

  @Test
  void kernelReadsEveryTypeNullsAndEmptyLists() {
    OfflineRow full =
        new OfflineRow(
            List.of(OfflineTables.str("eu:west"), OfflineTables.i64(42)),
            micros("2026-11-22T10:15:30.123456Z"),
            micros("2026-11-22T10:16:00Z"),
            List.of(
                Value.newBuilder().setBoolVal(true).build(),
                Value.newBuilder().setInt32Val(-7).build(),
                Value.newBuilder().setInt64Val(Long.MIN_VALUE).build(),
                Value.newBuilder().setFloatVal(1.5f).build(),
                Value.newBuilder().setDoubleVal(Double.NaN).build(),
                Value.newBuilder().setStringVal("naïve ☃ 𝄞").build(),
                Value.newBuilder().setBytesVal(ByteString.copyFrom(new byte[] {0, -1, 7})).build(),
                Value.newBuilder()
                    .setTimestampMicrosVal(micros("1969-12-31T23:59:59.999999Z"))
                    .build(),
                Value.newBuilder()
                    .setInt32ListVal(Int32List.newBuilder().addValues(1).addValues(2))
                    .build(),
                Value.newBuilder().setInt64ListVal(Int64List.newBuilder().addValues(3)).build(),
                Value.newBuilder().setFloatListVal(FloatList.newBuilder().addValues(0.25f)).build(),
                Value.newBuilder().setDoubleListVal(DoubleList.newBuilder()).build(),
                Value.newBuilder()
                    .setStringListVal(StringList.newBuilder().addValues("a").addValues(""))
                    .build()));
    List<Value> nulls = new ArrayList<>();
    EVERY_TYPE.forEach(t -> nulls.add(Value.getDefaultInstance()));
    OfflineRow empty =
        new OfflineRow(
            List.of(OfflineTables.str(""), OfflineTables.i64(-1)),
            micros("2026-11-23T00:00:00Z"),
            micros("2026-11-23T00:00:01Z"),
            nulls);
    OfflineStore store =
        DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root).build());
    store.append(view, List.of(full, empty), new TransactionId("job", 1));

    String table = root.resolve("test/everything/v1").toString();
    assertThat(DeltaKernelReader.version(table)).isZero();
    assertThat(DeltaKernelReader.readAll(table))
        .containsExactlyInAnyOrder(expected(full), expected(empty));
  }

  /** A row as Kernel gives it: column name to Java value, partition column last. */
  private Map<String, Object> expected(OfflineRow row) {
    Map<String, Object> columns = new LinkedHashMap<>();
    for (int k = 0; k < view.joinKeys().size(); k++) {
      columns.put(view.joinKeys().get(k).name(), java(row.entity().get(k)));
    }
    columns.put("event_timestamp", row.eventTimeMicros());
    columns.put("created_timestamp", row.createdTimeMicros());
    for (int f = 0; f < view.features().size(); f++) {
      columns.put(view.features().get(f).name(), java(row.values().get(f)));
    }
    columns.put("event_date", RowChecks.eventDate(row.eventTimeMicros()));
    return columns;
  }

  private static Object java(Value v) {
    return switch (v.getKindCase()) {
      case KIND_NOT_SET -> null;
      case BOOL_VAL -> v.getBoolVal();
      case INT32_VAL -> v.getInt32Val();
      case INT64_VAL -> v.getInt64Val();
      case FLOAT_VAL -> v.getFloatVal();
      case DOUBLE_VAL -> v.getDoubleVal();
      case STRING_VAL -> v.getStringVal();
      case BYTES_VAL -> v.getBytesVal();
      case TIMESTAMP_MICROS_VAL -> v.getTimestampMicrosVal();
      case INT32_LIST_VAL -> List.copyOf(v.getInt32ListVal().getValuesList());
      case INT64_LIST_VAL -> List.copyOf(v.getInt64ListVal().getValuesList());
      case FLOAT_LIST_VAL -> List.copyOf(v.getFloatListVal().getValuesList());
      case DOUBLE_LIST_VAL -> List.copyOf(v.getDoubleListVal().getValuesList());
      case STRING_LIST_VAL -> List.copyOf(v.getStringListVal().getValuesList());
    };
  }
}
