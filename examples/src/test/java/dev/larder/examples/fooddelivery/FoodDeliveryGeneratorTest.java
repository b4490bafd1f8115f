package dev.larder.examples.fooddelivery;

import static dev.larder.examples.fooddelivery.FoodDeliveryGenerator.CREATED_TIMESTAMP;
import static dev.larder.examples.fooddelivery.FoodDeliveryGenerator.EVENT_TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.load.DefinitionLoader;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Project;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FoodDeliveryGeneratorTest {

  private static final Path FEATURE_REPO = Path.of("food-delivery", "feature_repo");
  private static final Project PROJECT =
      new DefinitionLoader().load(FEATURE_REPO).project("food_delivery");
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final int N = 2_000;

  private final FoodDeliveryGenerator generator =
      new FoodDeliveryGenerator(42, Clock.fixed(NOW, ZoneOffset.UTC));

  static Stream<String> views() {
    return PROJECT.latestViews().stream().map(FeatureView::name);
  }

  @Test
  void theFeatureRepositoryDefinesTheExample() {
    assertThat(views())
        .containsExactlyInAnyOrder(
            "customer_stats", "customer_embedding", "restaurant_state", "courier_context");
    assertThat(PROJECT.featureServices()).containsOnlyKeys("eta_model", "recommendation_model");
    assertThat(PROJECT.view("courier_context", 1).ttl()).contains(Duration.ofMinutes(10));
  }

  @ParameterizedTest
  @MethodSource("views")
  void rowsHaveThePushShapeAndTheDeclaredTypes(String viewName) {
    FeatureView view = PROJECT.view(viewName, 0);
    Map<String, List<Value>> rows = generator.rows(view, N);
    List<String> expectedColumns = new ArrayList<>();
    view.joinKeys().forEach(k -> expectedColumns.add(k.name()));
    expectedColumns.add(EVENT_TIMESTAMP);
    expectedColumns.add(CREATED_TIMESTAMP);
    view.features().forEach(f -> expectedColumns.add(f.name()));
    assertThat(rows.keySet()).containsExactlyElementsOf(expectedColumns);
    assertThat(rows.values()).allSatisfy(column -> assertThat(column).hasSize(N));
    for (Feature f : view.features()) {
      assertThat(rows.get(f.name()))
          .as(f.name())
          .allSatisfy(v -> assertThat(Cells.fits(v, f.type())).isTrue());
    }
    assertThat(rows.get(view.joinKeys().get(0).name()))
        .isEqualTo(FoodDeliveryGenerator.entityKeys(view, N).get(view.joinKeys().get(0).name()));
  }

  @ParameterizedTest
  @MethodSource("views")
  void eventsLieWithinTheTtlAndAreCreatedAfterwardsBeforeNow(String viewName) {
    FeatureView view = PROJECT.view(viewName, 0);
    Map<String, List<Value>> rows = generator.rows(view, N);
    long now = micros(NOW);
    long ttl = view.ttl().orElseThrow().toNanos() / 1_000;
    for (int i = 0; i < N; i++) {
      long event = rows.get(EVENT_TIMESTAMP).get(i).getTimestampMicrosVal();
      long created = rows.get(CREATED_TIMESTAMP).get(i).getTimestampMicrosVal();
      assertThat(event).isBetween(now - ttl + 1, now);
      assertThat(created).isBetween(event, now);
    }
  }

  @Test
  void theSameSeedAndClockGiveTheSameRowsWhateverCameBefore() {
    FeatureView customers = PROJECT.view("customer_stats", 0);
    Map<String, List<Value>> first = generator.rows(customers, 50);
    FoodDeliveryGenerator other = new FoodDeliveryGenerator(42, Clock.fixed(NOW, ZoneOffset.UTC));
    other.rows(PROJECT.view("courier_context", 0), 10);
    assertThat(other.rows(customers, 50)).isEqualTo(first);
    assertThat(new FoodDeliveryGenerator(43, Clock.fixed(NOW, ZoneOffset.UTC)).rows(customers, 50))
        .isNotEqualTo(first);
  }

  @Test
  void entitiesAreTheFirstIdsOfEachKind() {
    assertThat(FoodDeliveryGenerator.customerIds(2)).containsExactly("C000001", "C000002");
    assertThat(FoodDeliveryGenerator.restaurantIds(2)).containsExactly("R00001", "R00002");
    assertThat(FoodDeliveryGenerator.courierIds(2)).containsExactly(100_001L, 100_002L);
    assertThat(generator.rows(PROJECT.view("courier_context", 0), 2).get("courier_id"))
        .extracting(Value::getInt64Val)
        .containsExactly(100_001L, 100_002L);
  }

  @Test
  void customerOrdersLookLikeOrders() {
    Map<String, List<Value>> rows = generator.rows(PROJECT.view("customer_stats", 0), N);
    List<Long> count7d = longs(rows.get("order_count_7d"));
    List<Long> count30d = longs(rows.get("order_count_30d"));
    assertThat(count7d).allSatisfy(c -> assertThat(c).isPositive());
    for (int i = 0; i < N; i++) {
      assertThat(count30d.get(i)).isGreaterThanOrEqualTo(count7d.get(i));
      double sum = rows.get("order_value_7d").get(i).getDoubleVal();
      double avg = rows.get("avg_order_value_7d").get(i).getDoubleVal();
      assertThat(avg * count7d.get(i)).isCloseTo(sum, offset(0.01));
    }
    double meanAvg =
        mean(rows.get("avg_order_value_7d").stream().map(Value::getDoubleVal).toList());
    assertThat(meanAvg).isBetween(24.0, 32.0);
    double meanCount = mean(count7d.stream().map(Long::doubleValue).toList());
    assertThat(meanCount).isBetween(2.0, 4.5);
    assertThat(count7d.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(8);
    assertThat(nulls(rows.get("max_items_30d"))).isBetween(20, 120);
    assertThat(rows.get("last_order_time")).isEqualTo(rows.get(EVENT_TIMESTAMP));
  }

  @Test
  void busyKitchensPrepareSlowerAndStopAccepting() {
    Map<String, List<Value>> rows = generator.rows(PROJECT.view("restaurant_state", 0), N);
    List<Double> queue = new ArrayList<>();
    List<Double> prep = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      Value p = rows.get("recent_prep_time_s").get(i);
      long q = rows.get("queue_depth").get(i).getInt64Val();
      if (p.getKindCase() != Value.KindCase.KIND_NOT_SET) {
        queue.add((double) q);
        prep.add(p.getDoubleVal());
      }
      if (q >= RestaurantModel.FULL_QUEUE) {
        assertThat(rows.get("accepting_orders").get(i).getBoolVal()).isFalse();
      }
    }
    assertThat(correlation(queue, prep)).isGreaterThan(0.3);
    assertThat(nulls(rows.get("recent_prep_time_s"))).isBetween(60, 250);
    assertThat(mean(prep)).isBetween(500.0, 1_000.0);
  }

  @Test
  void couriersScatterAroundTheCityCentre() {
    Map<String, List<Value>> rows = generator.rows(PROJECT.view("courier_context", 0), N);
    List<Double> lat = rows.get("latitude").stream().map(Value::getDoubleVal).toList();
    List<Double> lon = rows.get("longitude").stream().map(Value::getDoubleVal).toList();
    assertThat(mean(lat)).isCloseTo(CourierModel.CENTRE_LATITUDE, offset(0.01));
    assertThat(mean(lon)).isCloseTo(CourierModel.CENTRE_LONGITUDE, offset(0.01));
    assertThat(lat).allSatisfy(x -> assertThat(x).isBetween(52.2, 52.55));
    for (int i = 0; i < N; i++) {
      assertThat(rows.get("last_position").get(i).getDoubleListVal().getValuesList())
          .containsExactly(lat.get(i), lon.get(i));
    }
    assertThat(rows.get("orders_in_flight"))
        .allSatisfy(v -> assertThat(v.getInt32Val()).isBetween(0, 4));
    assertThat(nulls(rows.get("vehicle"))).isBetween(10, 90);
  }

  @Test
  void embeddingsAreUnitVectorsExceptForNewCustomers() {
    Map<String, List<Value>> rows = generator.rows(PROJECT.view("customer_embedding", 0), N);
    for (int i = 0; i < N; i++) {
      Value e = rows.get("embedding").get(i);
      String segment = rows.get("segment").get(i).getStringVal();
      if (e.getKindCase() == Value.KindCase.KIND_NOT_SET) {
        assertThat(segment).isEqualTo("new");
      } else {
        double norm = e.getFloatListVal().getValuesList().stream().mapToDouble(x -> x * x).sum();
        assertThat(norm).isCloseTo(1.0, offset(1e-4));
        assertThat(segment).isIn("occasional", "regular", "power");
      }
    }
    assertThat(nulls(rows.get("embedding"))).isBetween(120, 300);
  }

  @Test
  void aFeatureWithoutModelGetsValuesOfItsType() {
    FeatureView base = PROJECT.view("restaurant_state", 0);
    List<Feature> features = new ArrayList<>(base.features());
    features.add(new Feature("rating", ValueType.FLOAT, null, null, null, "added later"));
    features.add(new Feature("cuisines", ValueType.STRING_LIST, null, null, null, ""));
    FeatureView extended = copy(base, features, 2);
    Map<String, List<Value>> rows = generator.rows(extended, 20);
    assertThat(rows.get("rating")).allSatisfy(v -> assertThat(v.hasFloatVal()).isTrue());
    assertThat(rows.get("cuisines")).allSatisfy(v -> assertThat(v.hasStringListVal()).isTrue());
  }

  @Test
  void aModelledFeatureDeclaredWithAnotherTypeIsRefused() {
    FeatureView base = PROJECT.view("restaurant_state", 0);
    List<Feature> features = new ArrayList<>(base.features());
    features.set(0, new Feature("queue_depth", ValueType.INT32, null, null, null, ""));
    assertThatThrownBy(() -> generator.rows(copy(base, features, 2), 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the example generates INT64_VAL for restaurant_state@v2:queue_depth, declared INT32");
  }

  @Test
  void negativeCountsAreRefused() {
    assertThatThrownBy(() -> generator.rows(PROJECT.view("customer_stats", 0), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entityCount must be >= 0, was -1");
  }

  private static FeatureView copy(FeatureView base, List<Feature> features, int version) {
    return FeatureView.builder()
        .project(base.project())
        .name(base.name())
        .version(version)
        .entities(base.entities())
        .joinKeys(base.joinKeys())
        .source(base.source())
        .ttl(base.ttl().orElse(null))
        .features(features)
        .build();
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  private static List<Long> longs(List<Value> column) {
    return column.stream().map(Value::getInt64Val).toList();
  }

  private static int nulls(List<Value> column) {
    return (int)
        column.stream().filter(v -> v.getKindCase() == Value.KindCase.KIND_NOT_SET).count();
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static double correlation(List<Double> xs, List<Double> ys) {
    double mx = mean(xs);
    double my = mean(ys);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < xs.size(); i++) {
      sxy += (xs.get(i) - mx) * (ys.get(i) - my);
      sxx += (xs.get(i) - mx) * (xs.get(i) - mx);
      syy += (ys.get(i) - my) * (ys.get(i) - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
