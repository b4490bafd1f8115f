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
import dev.larder.testing.ValueArbitraries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any rows of any view come back from a real Delta table exactly as written. */
class RoundTripPropertyIT {

  /** Event times from 1900 to 2100: several partitions, dates before the epoch included. */
  private static final long MIN_EVENT = OfflineTables.micros("1900-01-01T00:00:00Z");

  private static final long MAX_EVENT = OfflineTables.micros("2100-01-01T00:00:00Z");

  @Property(tries = 25)
  void everyValueTypeNullsAndListsRoundTrip(@ForAll("tables") Table table) throws IOException {
    Path root = Files.createTempDirectory("larder-offline");
    try {
      OfflineStore store =
          DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root).build());
      store.append(table.view(), table.rows(), new TransactionId("property", 1));

      assertThat(store.snapshot(table.view()).read(ReadFilter.all()))
          .containsExactlyInAnyOrderElementsOf(table.rows());
    } finally {
      try (Stream<Path> files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A view and rows for it. */
  record Table(FeatureView view, List<OfflineRow> rows) {}

  @Provide
  Arbitrary<Table> tables() {
    Arbitrary<List<ValueType>> featureTypes =
        ValueArbitraries.featureTypes().list().ofMinSize(1).ofMaxSize(6);
    Arbitrary<ValueType> keyType =
        Arbitraries.of(ValueType.STRING, ValueType.INT32, ValueType.INT64);
    return Combinators.combine(keyType, featureTypes)
        .as((k, types) -> OfflineTables.view("prop", List.of(new JoinKey("k", k)), types))
        .flatMap(view -> rows(view).list().ofMaxSize(40).map(rows -> new Table(view, rows)));
  }

  private static Arbitrary<OfflineRow> rows(FeatureView view) {
    Arbitrary<Value> key = ValueArbitraries.valuesOf(view.joinKeys().get(0).type());
    List<Arbitrary<Value>> perFeature = new ArrayList<>();
    for (var feature : view.features()) {
      perFeature.add(
          Arbitraries.frequencyOf(
              net.jqwik.api.Tuple.of(1, Arbitraries.just(Value.getDefaultInstance())),
              net.jqwik.api.Tuple.of(4, ValueArbitraries.valuesOf(feature.type()))));
    }
    Arbitrary<List<Value>> values = Combinators.combine(perFeature).as(List::copyOf);
    Arbitrary<Long> eventTime = Arbitraries.longs().between(MIN_EVENT, MAX_EVENT);
    return Combinators.combine(key, eventTime, Arbitraries.longs(), values)
        .as((k, event, created, vs) -> new OfflineRow(List.of(k), event, created, vs));
  }
}
