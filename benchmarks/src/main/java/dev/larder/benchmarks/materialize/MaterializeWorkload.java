package dev.larder.benchmarks.materialize;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.TransactionId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's offline table: one row per customer, event times spread over the day before
 * {@code now}, three features (INT64, DOUBLE, STRING) and a 7-day ttl, so no row has expired.
 */
final class MaterializeWorkload {

  static final FeatureView VIEW =
      FeatureView.builder()
          .project("bench")
          .name("customer_materialize")
          .version(1)
          .entities(List.of("customer"))
          .joinKeys(List.of(new JoinKey("customer_id", ValueType.STRING)))
          .features(
              List.of(
                  new Feature("order_count_7d", ValueType.INT64, null, null, null, null),
                  new Feature("avg_order_value_7d", ValueType.DOUBLE, null, null, null, null),
                  new Feature("last_restaurant", ValueType.STRING, null, null, null, null)))
          .ttl(Duration.ofDays(7))
          .build();

  private static final int ROWS_PER_COMMIT = 100_000;

  private MaterializeWorkload() {}

  /** Appends {@code rows} rows, one per customer, in commits of 100,000 rows. */
  static void write(OfflineStore offline, int rows, Instant now) {
    long nowMicros = now.getEpochSecond() * 1_000_000L;
    long spacingMicros = Math.max(1, Duration.ofHours(23).toNanos() / 1000 / Math.max(1, rows));
    long created = nowMicros;
    long commit = 0;
    for (int from = 0; from < rows; from += ROWS_PER_COMMIT) {
      int to = Math.min(rows, from + ROWS_PER_COMMIT);
      List<OfflineRow> batch = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        long event = nowMicros - (long) (rows - i) * spacingMicros;
        batch.add(
            new OfflineRow(
                List.of(Value.newBuilder().setStringVal(String.format("c%08d", i)).build()),
                event,
                created,
                List.of(
                    Value.newBuilder().setInt64Val(i % 50).build(),
                    Value.newBuilder().setDoubleVal(10 + (i % 997) / 10.0).build(),
                    Value.newBuilder().setStringVal("r" + (i % 5000)).build())));
      }
      offline.append(VIEW, batch, new TransactionId("materialize-benchmark", ++commit));
    }
  }
}
