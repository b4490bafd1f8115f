package dev.larder.benchmarks.training;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Entity;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Project;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.StagedWriter;
import dev.larder.storage.offline.TransactionId;
import dev.larder.storage.testing.CustomerEntityFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type.Repetition;

/**
 * The training-set benchmark's data: three views of customers on Delta (7-day ttl, 30-day ttl, no
 * ttl) over 30 days, and an entity file in Parquet whose rows fall in the same 30 days, one in ten
 * of a customer no view knows. Deterministic for a seed. Each view's rows have distinct (customer,
 * event time) pairs, so that DuckDB's ASOF JOIN needs no created-time tie-break to agree with
 * Larder.
 */
final class TrainingSetWorkload {

  static final String PROJECT = "bench";
  static final JoinKey CUSTOMER_ID = new JoinKey("customer_id", ValueType.STRING);
  static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  static final long SPAN_MICROS = Duration.ofDays(30).toNanos() / 1000;

  static final FeatureView ORDERS =
      view(
          "orders",
          Duration.ofDays(7),
          feature("order_count", ValueType.INT64),
          feature("avg_value", ValueType.DOUBLE));
  static final FeatureView PROFILE =
      view("profile", Duration.ofDays(30), feature("segment", ValueType.STRING));
  static final FeatureView RATINGS = view("ratings", null, feature("rating", ValueType.DOUBLE));

  static final List<String> FEATURES =
      List.of("orders:order_count", "orders:avg_value", "profile:segment", "ratings:rating");

  private TrainingSetWorkload() {}

  static FeatureCatalog catalog() {
    return new FeatureCatalog(List.of(project()));
  }

  /** The project the views belong to, with the customer entity, as the registry holds it. */
  static Project project() {
    return new Project(
        PROJECT,
        List.of(new Entity("customer", List.of(CUSTOMER_ID), null)),
        List.of(),
        List.of(ORDERS, PROFILE, RATINGS),
        List.of());
  }

  private static Feature feature(String name, ValueType type) {
    return new Feature(name, type, null, null, null, null);
  }

  private static FeatureView view(String name, Duration ttl, Feature... features) {
    return FeatureView.builder()
        .project(PROJECT)
        .name(name)
        .version(1)
        .entities(List.of("customer"))
        .joinKeys(List.of(CUSTOMER_ID))
        .features(List.of(features))
        .ttl(ttl)
        .build();
  }

  /** Writes {@code rows} rows to each view's table, over {@code customers} customers. */
  static void writeViews(OfflineStore store, int rows, int customers, long seed) {
    int v = 0;
    for (FeatureView view : List.of(ORDERS, PROFILE, RATINGS)) {
      SplittableRandom random = new SplittableRandom(seed + ++v);
      // Rows in time order, so that the writer fills one day's partition after the other.
      long step = Math.max(1, SPAN_MICROS / rows);
      try (StagedWriter writer = store.stage(view)) {
        for (int i = 0; i < rows; i++) {
          String customer = "c" + random.nextInt(customers);
          long event = micros(START) + i * step + random.nextLong(step);
          writer.write(
              new OfflineRow(
                  List.of(Value.newBuilder().setStringVal(customer).build()),
                  event,
                  event + 1_000_000,
                  values(view, random)));
        }
        store.appendStaged(view, writer.finish(), new TransactionId("benchmark", 1));
      }
    }
  }

  private static List<Value> values(FeatureView view, SplittableRandom random) {
    if (view == ORDERS) {
      return List.of(
          Value.newBuilder().setInt64Val(random.nextInt(100)).build(),
          Value.newBuilder().setDoubleVal(random.nextInt(10_000) / 100.0).build());
    }
    if (view == PROFILE) {
      return List.of(Value.newBuilder().setStringVal("segment-" + random.nextInt(20)).build());
    }
    return List.of(Value.newBuilder().setDoubleVal(random.nextInt(50) / 10.0).build());
  }

  /** Writes the entity file: customer_id, event_timestamp (UTC, µs), label. */
  static void writeEntities(Path file, int rows, int customers, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    try (CustomerEntityFile entities =
        CustomerEntityFile.create(
            file,
            LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS),
            Repetition.REQUIRED)) {
      for (int i = 0; i < rows; i++) {
        entities.write(
            "c" + random.nextInt(customers + customers / 10 + 1),
            micros(START) + random.nextLong(SPAN_MICROS),
            random.nextInt(2));
      }
    }
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }
}
