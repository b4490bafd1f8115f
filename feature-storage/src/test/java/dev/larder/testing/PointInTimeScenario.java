package dev.larder.testing;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Project;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.TransactionId;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A random point-in-time join and its brute-force answer: two views of customers (one with a ttl of
 * 10 minutes, one without), rows with many ties of event and created time and null values, and
 * entity rows, some of customers no view knows, with times on the ttl boundary and written with
 * offsets or naive. {@link #expected()} computes every acceptable answer by looking at every row.
 *
 * @param orders rows of the {@code orders} view, in two commits
 * @param ratings rows of the {@code ratings} view
 * @param entities entity rows
 */
public record PointInTimeScenario(
    List<List<OfflineRow>> orders, List<OfflineRow> ratings, List<EntityRow> entities) {

  /** Events start just before midnight, so that tables have two {@code event_date} partitions. */
  public static final Instant BASE = Instant.parse("2026-11-23T23:45:00Z");

  public static final Duration ORDERS_TTL = Duration.ofMinutes(10);

  /** The features a training set asks for, in column order. */
  public static final List<String> FEATURES =
      List.of("orders:f0", "orders:f1", "ratings:f0", "ratings:f1");

  /** With full feature names, the feature columns of the output. */
  public static final List<String> COLUMNS =
      List.of("orders__f0", "orders__f1", "ratings__f0", "ratings__f1");

  /**
   * One entity row.
   *
   * @param customer the join key
   * @param minute its time, minutes after {@link #BASE}
   * @param style how its time is written: 0 UTC with Z, 1 an offset of +02:00, 2 naive
   * @param label a label column
   */
  public record EntityRow(String customer, int minute, int style, String label) {}

  public static FeatureView ordersView() {
    return view("orders", ORDERS_TTL, ValueType.INT64, ValueType.STRING);
  }

  public static FeatureView ratingsView() {
    return view("ratings", null, ValueType.DOUBLE, ValueType.INT64_LIST);
  }

  private static FeatureView view(String name, Duration ttl, ValueType... types) {
    List<Feature> features = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      features.add(new Feature("f" + i, types[i], null, null, null, null));
    }
    return FeatureView.builder()
        .project("test")
        .name(name)
        .version(1)
        .entities(List.of("customer"))
        .joinKeys(List.of(new JoinKey("customer_id", ValueType.STRING)))
        .features(features)
        .ttl(ttl)
        .build();
  }

  /** The definitions: project {@code test} with both views. */
  public static FeatureCatalog catalog() {
    return new FeatureCatalog(
        List.of(
            new Project(
                "test", List.of(), List.of(), List.of(ordersView(), ratingsView()), List.of())));
  }

  /**
   * Writes the views' rows to a Delta offline store under {@code dir/offline} and the entity rows
   * to {@link #entitiesFile}.
   *
   * @return the store
   */
  public OfflineStore writeTo(Path dir) throws IOException {
    OfflineStore store =
        DeltaOfflineStores.open(
            DeltaOfflineStoreOptions.builder().root(dir.resolve("offline")).build());
    writeTables(store);
    writeEntitiesCsv(entitiesFile(dir));
    return store;
  }

  /** Where {@link #writeTo} writes the entity rows. */
  public static Path entitiesFile(Path dir) {
    return dir.resolve("entities.csv");
  }

  /** Deletes a directory and everything in it. */
  public static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Writes the views' rows to the offline store. */
  public void writeTables(OfflineStore store) {
    for (int c = 0; c < orders.size(); c++) {
      store.append(ordersView(), orders.get(c), new TransactionId("scenario", c + 1));
    }
    store.append(ratingsView(), ratings, new TransactionId("scenario", 1));
  }

  /** Writes the entity rows as CSV: {@code customer_id,event_timestamp,label}. */
  public void writeEntitiesCsv(Path file) throws IOException {
    StringBuilder csv = new StringBuilder("customer_id,event_timestamp,label\n");
    for (EntityRow e : entities) {
      csv.append(e.customer()).append(',').append(timeText(e)).append(',').append(e.label());
      csv.append('\n');
    }
    Files.writeString(file, csv, StandardCharsets.UTF_8);
  }

  private static String timeText(EntityRow e) {
    Instant t = BASE.plus(Duration.ofMinutes(e.minute()));
    return switch (e.style()) {
      case 0 -> t.toString();
      case 1 -> t.atOffset(ZoneOffset.ofHours(2)).toString();
      default ->
          LocalDateTime.ofInstant(t, ZoneOffset.UTC)
              .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    };
  }

  /**
   * Per entity row, the expected CSV line start ({@code customer,time in UTC,label}), and per
   * feature column the set of acceptable cells: more than one only when rows tie on both event and
   * created time; the empty cell for null.
   */
  public List<ExpectedRow> expected() {
    List<OfflineRow> allOrders = orders.stream().flatMap(List::stream).toList();
    List<ExpectedRow> rows = new ArrayList<>();
    for (EntityRow e : entities) {
      long t = OfflineTables.micros(BASE.plus(Duration.ofMinutes(e.minute())).toString());
      List<Set<String>> cells = new ArrayList<>();
      cells.addAll(best(allOrders, e.customer(), t, ORDERS_TTL.toNanos() / 1000));
      cells.addAll(best(ratings, e.customer(), t, -1));
      rows.add(
          new ExpectedRow(
              e.customer() + "," + BASE.plus(Duration.ofMinutes(e.minute())) + "," + e.label(),
              cells));
    }
    return rows;
  }

  /** An expected output row: its entity columns as CSV, and the acceptable feature cells. */
  public record ExpectedRow(String entityCells, List<Set<String>> featureCells) {}

  private static List<Set<String>> best(List<OfflineRow> rows, String customer, long t, long ttl) {
    OfflineRow newest = null;
    for (OfflineRow r : rows) {
      if (matches(r, customer, t, ttl) && (newest == null || r.isNewerThan(newest))) {
        newest = r;
      }
    }
    List<Set<String>> cells = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      Set<String> acceptable = new HashSet<>();
      if (newest == null) {
        acceptable.add("");
      } else {
        for (OfflineRow r : rows) {
          if (matches(r, customer, t, ttl)
              && r.eventTimeMicros() == newest.eventTimeMicros()
              && r.createdTimeMicros() == newest.createdTimeMicros()) {
            acceptable.add(csv(r.values().get(f)));
          }
        }
      }
      cells.add(acceptable);
    }
    return cells;
  }

  private static boolean matches(OfflineRow r, String customer, long t, long ttl) {
    return r.entity().get(0).getStringVal().equals(customer)
        && r.eventTimeMicros() <= t
        && (ttl < 0 || r.eventTimeMicros() >= t - ttl);
  }

  private static String csv(Value v) {
    return switch (v.getKindCase()) {
      case INT64_VAL -> Long.toString(v.getInt64Val());
      case STRING_VAL -> v.getStringVal();
      case DOUBLE_VAL -> Double.toString(v.getDoubleVal());
      case INT64_LIST_VAL -> {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.getInt64ListVal().getValuesCount(); i++) {
          s.append(i == 0 ? "" : ",").append(v.getInt64ListVal().getValues(i));
        }
        yield s.append(']').toString();
      }
      default -> "";
    };
  }

  /** Random scenarios: up to 60 rows per view over 5 customers, up to 40 entity rows over 7. */
  public static Arbitrary<PointInTimeScenario> scenarios() {
    Arbitrary<List<OfflineRow>> orderRows = orderRow().list().ofMaxSize(30);
    Arbitrary<List<OfflineRow>> ratingRows = ratingRow().list().ofMaxSize(40);
    Arbitrary<EntityRow> entity =
        Combinators.combine(
                customer(7),
                Arbitraries.integers().between(-5, 45),
                Arbitraries.integers().between(0, 2),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4))
            .as(EntityRow::new);
    return Combinators.combine(
            orderRows, orderRows, ratingRows, entity.list().ofMinSize(1).ofMaxSize(40))
        .as((o1, o2, r, e) -> new PointInTimeScenario(List.of(o1, o2), r, e));
  }

  private static Arbitrary<String> customer(int count) {
    return Arbitraries.integers().between(0, count - 1).map(i -> "c" + i);
  }

  private static Arbitrary<Long> minute(int max) {
    return Arbitraries.integers()
        .between(0, max)
        .map(m -> OfflineTables.micros(BASE.plus(Duration.ofMinutes(m)).toString()));
  }

  private static <T> Arbitrary<Value> orNull(Arbitrary<Value> values) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Value.getDefaultInstance())),
        net.jqwik.api.Tuple.of(4, values));
  }

  private static Arbitrary<OfflineRow> orderRow() {
    return Combinators.combine(
            customer(5),
            minute(30),
            minute(3),
            orNull(Arbitraries.longs().between(-5, 1000).map(OfflineTables::i64)),
            orNull(Arbitraries.integers().between(0, 99).map(i -> OfflineTables.str("s" + i))))
        .as(
            (c, e, cr, a, b) ->
                new OfflineRow(List.of(OfflineTables.str(c)), e, cr, List.of(a, b)));
  }

  private static Arbitrary<OfflineRow> ratingRow() {
    Arbitrary<Value> list =
        Arbitraries.longs()
            .between(0, 9)
            .list()
            .ofMaxSize(3)
            .map(
                l ->
                    Value.newBuilder()
                        .setInt64ListVal(
                            dev.larder.proto.types.v1.Int64List.newBuilder().addAllValues(l))
                        .build());
    return Combinators.combine(
            customer(5),
            minute(30),
            minute(3),
            orNull(Arbitraries.integers().between(0, 50).map(i -> dbl(i / 10.0))),
            orNull(list))
        .as(
            (c, e, cr, a, b) ->
                new OfflineRow(List.of(OfflineTables.str(c)), e, cr, List.of(a, b)));
  }

  private static Value dbl(double d) {
    return Value.newBuilder().setDoubleVal(d).build();
  }
}
