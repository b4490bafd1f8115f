package dev.larder.testing;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.OfflineRow;
import java.time.Instant;
import java.util.List;

/** Views and rows for tests of the offline store. */
public final class OfflineTables {

  private OfflineTables() {}

  /** A view {@code name@v1} of project {@code test} with features {@code f0, f1, …}, no ttl. */
  public static FeatureView view(String name, List<JoinKey> joinKeys, List<ValueType> types) {
    return FeatureViews.view(name, joinKeys, types, null);
  }

  /** A view keyed by a STRING {@code customer_id} with one INT64 feature {@code f0}. */
  public static FeatureView customerView(String name) {
    return view(
        name, List.of(new JoinKey("customer_id", ValueType.STRING)), List.of(ValueType.INT64));
  }

  /** A row of {@link #customerView}: customer, event time, created time (RFC 3339), value. */
  public static OfflineRow customerRow(
      String customer, String eventTime, String createdTime, long value) {
    return new OfflineRow(
        List.of(str(customer)), micros(eventTime), micros(createdTime), List.of(i64(value)));
  }

  /** Microseconds since the epoch of an RFC 3339 instant such as {@code 2026-11-23T12:00:00Z}. */
  public static long micros(String instant) {
    Instant t = Instant.parse(instant);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  public static Value str(String s) {
    return Value.newBuilder().setStringVal(s).build();
  }

  public static Value i64(long v) {
    return Value.newBuilder().setInt64Val(v).build();
  }
}
