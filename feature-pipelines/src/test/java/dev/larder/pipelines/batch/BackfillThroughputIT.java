package dev.larder.pipelines.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.pipelines.source.RecordFormat;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Source;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfill throughput of the in-process job (what {@code larder backfill} runs) over JSON-lines
 * orders shaped like the food-delivery example's {@code customer_stats}: 7 features, 7-day and
 * 30-day windows, 30 days of events, 1% duplicates and 0.1% malformed lines. Runs only when asked,
 * with {@code -Dlarder.backfill.benchmarkEvents=1000000}.
 */
@EnabledIfSystemProperty(named = "larder.backfill.benchmarkEvents", matches = "\\d+")
class BackfillThroughputIT {

  private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(30));

  @TempDir Path dir;

  @Test
  void backfillOrders() throws IOException {
    int n = Integer.getInteger("larder.backfill.benchmarkEvents");
    int customers = Math.max(1, n / 20);
    Path input = dir.resolve("orders");
    long bad = write(input, n, customers);
    BackfillRequest request =
        new BackfillRequest(
            view(),
            source(),
            input,
            RecordFormat.JSONL,
            START,
            END,
            dir.resolve("offline").toString(),
            Map.of(),
            "bench",
            Instant.now());

    BackfillResult r = BackfillJob.run(request);

    assertThat(r.eventsRead()).isEqualTo(n);
    assertThat(r.bad()).isEqualTo(bad);
    System.out.printf(
        "backfill: %d events (%d customers, %d bad, %d duplicates) -> %d rows in %.2f s = %.0f"
            + " events/s, parallelism %d%n",
        r.eventsRead(),
        customers,
        r.bad(),
        r.duplicates(),
        r.rowsWritten(),
        r.elapsed().toNanos() / 1e9,
        r.eventsPerSecond(),
        Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /** Writes {@code n} lines in four files; returns how many are malformed. */
  private static long write(Path dir, int n, int customers) throws IOException {
    Files.createDirectories(dir);
    Random random = new Random(42);
    long spanSec = Duration.between(START, END).toSeconds();
    long bad = 0;
    int files = 4;
    for (int f = 0; f < files; f++) {
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("part-" + f + ".jsonl"))) {
        for (int i = f; i < n; i += files) {
          if (i % 1000 == 999) {
            w.write("{\"order_id\":\"o" + i + "\",\"customer_id\":");
            w.newLine();
            bad++;
            continue;
          }
          int id = i % 100 == 99 ? i - 1 : i; // 1% duplicates of the previous order
          Instant t = START.plusSeconds(Math.floorMod(id * 7_919L, spanSec));
          w.write(
              "{\"order_id\":\"o"
                  + id
                  + "\",\"customer_id\":\"c"
                  + (id % customers)
                  + "\",\"restaurant_id\":\"r"
                  + random.nextInt(5_000)
                  + "\",\"order_value\":"
                  + (5 + random.nextInt(9_500) / 100.0)
                  + ",\"items\":"
                  + (1 + random.nextInt(8))
                  + ",\"event_time\":\""
                  + t
                  + "\"}");
          w.newLine();
        }
      }
    }
    return bad;
  }

  private static Source source() {
    Map<String, ValueType> schema = new LinkedHashMap<>();
    schema.put("order_id", ValueType.STRING);
    schema.put("customer_id", ValueType.STRING);
    schema.put("restaurant_id", ValueType.STRING);
    schema.put("order_value", ValueType.DOUBLE);
    schema.put("items", ValueType.INT32);
    schema.put("event_time", ValueType.TIMESTAMP);
    return new Source("orders", "event_time", "order_id", schema, null, null, null);
  }

  private static FeatureView view() {
    return FeatureView.builder()
        .project("food_delivery")
        .name("customer_stats")
        .version(1)
        .entities(List.of("customer"))
        .joinKeys(List.of(new JoinKey("customer_id", ValueType.STRING)))
        .source("orders")
        .features(
            List.of(
                agg("order_count_7d", ValueType.INT64, AggregationFunction.COUNT, null, 7),
                agg("order_value_7d", ValueType.DOUBLE, AggregationFunction.SUM, "order_value", 7),
                agg(
                    "avg_order_value_7d",
                    ValueType.DOUBLE,
                    AggregationFunction.AVG,
                    "order_value",
                    7),
                agg("order_count_30d", ValueType.INT64, AggregationFunction.COUNT, null, 30),
                agg("max_items_30d", ValueType.INT32, AggregationFunction.MAX, "items", 30),
                agg(
                    "last_restaurant",
                    ValueType.STRING,
                    AggregationFunction.LAST,
                    "restaurant_id",
                    0),
                agg(
                    "last_order_time",
                    ValueType.TIMESTAMP,
                    AggregationFunction.LAST,
                    "event_time",
                    0)))
        .build();
  }

  private static Feature agg(
      String name, ValueType type, AggregationFunction fn, String column, int days) {
    return new Feature(
        name,
        type,
        null,
        new Aggregation(fn, column, days == 0 ? null : Duration.ofDays(days)),
        null,
        null);
  }
}
