package dev.larder.storage.offline.delta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TransactionId;
import dev.larder.testing.OfflineTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures one append of many rows (and reading them back); runs only when asked, with {@code
 * -Dlarder.offline.benchmarkRows=1000000}.
 */
@EnabledIfSystemProperty(named = "larder.offline.benchmarkRows", matches = "\\d+")
class AppendThroughputIT {

  @TempDir Path root;

  @Test
  void appendThenScan() {
    int n = Integer.getInteger("larder.offline.benchmarkRows");
    FeatureView view =
        OfflineTables.view(
            "customer_stats",
            List.of(new JoinKey("customer_id", ValueType.STRING)),
            List.of(ValueType.INT64, ValueType.DOUBLE, ValueType.STRING));
    long start = OfflineTables.micros("2026-11-16T00:00:00Z");
    List<OfflineRow> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long event = start + i * 600_000_000L / 1000; // 7 days of rows
      rows.add(
          new OfflineRow(
              List.of(OfflineTables.str("c" + (i % 100_000))),
              event,
              event + 1_000_000,
              List.of(
                  OfflineTables.i64(i % 50),
                  Value.newBuilder().setDoubleVal(i * 0.5).build(),
                  OfflineTables.str("r" + (i % 5_000)))));
    }
    OfflineStore store =
        DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root).build());

    long t0 = System.nanoTime();
    store.append(view, rows, new TransactionId("bench", 1));
    long t1 = System.nanoTime();
    long[] count = {0};
    store.snapshot(view).scan(ReadFilter.all(), r -> count[0]++);
    long t2 = System.nanoTime();

    assertThat(count[0]).isEqualTo(n);
    System.out.printf(
        "offline append: %d rows in %.2f s = %.0f rows/s; full scan %.2f s = %.0f rows/s%n",
        n, (t1 - t0) / 1e9, n / ((t1 - t0) / 1e9), (t2 - t1) / 1e9, n / ((t2 - t1) / 1e9));
  }
}
