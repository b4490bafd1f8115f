package dev.larder.registry.load;

import static dev.larder.registry.testing.DefinitionFiles.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.BatchConfig;
import dev.larder.registry.model.Entity;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Project;
import dev.larder.registry.model.Source;
import dev.larder.registry.model.StreamConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionLoaderTest {

  private static final Path VALID = resource("definitions/valid");

  private final FeatureCatalog catalog = new DefinitionLoader().load(VALID);
  private final Project shop = catalog.project("shop");

  @Test
  void aFolderMayHoldSeveralProjectsInFilesOfSeveralFolders() {
    assertThat(catalog.projects()).extracting(Project::name).containsExactly("shop", "ads");
    assertThat(catalog.project("ads").latestViews())
        .extracting(FeatureView::qualifiedName)
        .containsExactly("campaign_budget@v1");
  }

  @Test
  void entitiesKeepTheirJoinKeysInOrder() {
    assertThat(shop.entities())
        .containsExactly(
            Map.entry(
                "customer",
                new Entity(
                    "customer",
                    List.of(new JoinKey("customer_id", ValueType.STRING)),
                    "A person who orders.")),
            Map.entry(
                "store",
                new Entity(
                    "store",
                    List.of(
                        new JoinKey("region", ValueType.STRING),
                        new JoinKey("store_id", ValueType.INT64)),
                    "")));
  }

  @Test
  void sourcesKeepTheirSchemaAndStreamAndBatchConfigs() {
    Source purchases = shop.sources().get("purchases");
    assertThat(purchases.schema().keySet())
        .containsExactly(
            "purchase_id", "customer_id", "region", "store_id", "amount", "quantity", "event_time");
    assertThat(purchases.timestampField()).isEqualTo("event_time");
    assertThat(purchases.idField()).isEqualTo("purchase_id");
    assertThat(purchases.stream())
        .isEqualTo(new StreamConfig("purchases", "json", Duration.ofSeconds(90)));
    assertThat(purchases.batch()).isEqualTo(new BatchConfig("data/purchases/", "parquet"));
  }

  @Test
  void viewsResolveJoinKeysAndSpellOutTheirComputations() {
    FeatureView v = shop.view("customer_purchases", 2);
    assertThat(v.joinKeys()).containsExactly(new JoinKey("customer_id", ValueType.STRING));
    assertThat(v.ttl()).contains(Duration.ofDays(30));
    assertThat(v.freshnessSla()).contains(Duration.ofHours(1));
    assertThat(v.owner()).isEqualTo("growth@shop.example");
    assertThat(v.tags()).containsExactly(Map.entry("team", "growth"), Map.entry("tier", "1"));
    assertThat(v.features())
        .containsExactly(
            new Feature(
                "purchase_count_7d",
                ValueType.INT64,
                null,
                new Aggregation(AggregationFunction.COUNT, null, Duration.ofDays(7)),
                Value.newBuilder().setInt64Val(0).build(),
                ""),
            aggregate("spend_7d", ValueType.DOUBLE, AggregationFunction.SUM, "amount", 7),
            aggregate("items_30d", ValueType.INT64, AggregationFunction.SUM, "quantity", 30),
            new Feature(
                "avg_spend",
                ValueType.DOUBLE,
                null,
                new Aggregation(AggregationFunction.AVG, "amount", null),
                null,
                ""),
            new Feature(
                "last_store",
                ValueType.INT64,
                null,
                new Aggregation(AggregationFunction.LAST, "store_id", null),
                null,
                ""),
            new Feature(
                "amount", ValueType.DOUBLE, "amount", null, null, "The last purchase's amount."),
            new Feature(
                "last_region",
                ValueType.STRING,
                "region",
                null,
                Value.newBuilder().setStringVal("unknown").build(),
                ""));
  }

  @Test
  void aViewOfEntitiesWithSeveralKeysTakesAllOfThem() {
    assertThat(shop.view("store_sales", 0).joinKeys())
        .containsExactly(
            new JoinKey("region", ValueType.STRING), new JoinKey("store_id", ValueType.INT64));
  }

  @Test
  void aViewWithoutSourceHoldsDefaultsOfEveryKind() {
    FeatureView profile = shop.view("customer_profile", 0);
    assertThat(profile.source()).isNull();
    assertThat(profile.version()).isEqualTo(1);
    assertThat(profile.ttl()).isEmpty();
    assertThat(profile.features())
        .extracting(Feature::column, Feature::defaultValue)
        .containsExactly(
            tuple(null, Value.newBuilder().setStringVal("new").build()),
            tuple(
                null,
                Value.newBuilder()
                    .setFloatListVal(
                        FloatList.newBuilder().addValues(0f).addValues(0.5f).addValues(-1f))
                    .build()),
            tuple(
                null,
                Value.newBuilder()
                    .setTimestampMicrosVal(micros(Instant.parse("2026-01-02T02:04:05.123456Z")))
                    .build()),
            tuple(null, Value.newBuilder().setBoolVal(false).build()));
  }

  @Test
  void servicesArePinnedToTheVersionsLoaded() {
    assertThat(shop.featureService("churn_model").features())
        .extracting(FeatureRef::toString)
        .containsExactly(
            "customer_purchases@v2:purchase_count_7d",
            "customer_purchases@v2:spend_7d",
            "customer_profile@v1:segment",
            "store_sales@v1:sales_1h");
    assertThat(shop.featureService("churn_model").description()).isEqualTo("Predicts churn.");
  }

  @Test
  void loadingSeveralPathsReadsAFileReachedTwiceOnce() {
    FeatureCatalog twice =
        new DefinitionLoader().load(List.of(VALID, VALID.resolve("entities.yaml")));
    assertThat(twice.project("shop").entities()).isEqualTo(shop.entities());
  }

  private static Feature aggregate(
      String name, ValueType type, AggregationFunction function, String column, int days) {
    return new Feature(
        name, type, null, new Aggregation(function, column, Duration.ofDays(days)), null, "");
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }
}
