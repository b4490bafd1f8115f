package dev.larder.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.RegisteredProject;
import dev.larder.registry.Registry;
import dev.larder.registry.RevisionRecord;
import dev.larder.registry.diff.ChangeKind;
import dev.larder.registry.diff.ChangePlan;
import dev.larder.registry.diff.ObjectChange;
import dev.larder.registry.diff.ObjectKind;
import dev.larder.registry.errors.BreakingChangeException;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.errors.RegistryConflictException;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Project;
import dev.larder.registry.testing.DefinitionFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every registry database must have; one subclass per database runs it against a real
 * one.
 */
abstract class RegistryContract {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  private Registry registry;
  private String url;

  /** A URL of an empty registry database for one test. */
  abstract String newDatabaseUrl();

  @BeforeEach
  void openRegistry() {
    url = newDatabaseUrl();
    registry = open(url);
  }

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  static Registry open(String url) {
    return Registries.open(url, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** The shop project with one view, {@code customer_stats}, at the given version and features. */
  private Project shop(String folder, int version, String features, String extra) {
    return new DefinitionFiles(dir.resolve(folder))
        .project(
            DefinitionFiles.BASE
                + """
                feature_views:
                  - name: customer_stats
                    version: %d
                    entities: [customer]
                    source: orders
                    ttl: 2h
                    features:
                %s
                %s
                """
                    .formatted(version, features.indent(6).stripTrailing(), extra));
  }

  private static final String FEATURES =
      """
      - {name: order_count_7d, type: INT64, aggregation: {function: COUNT, window: 7d}}
      - {name: avg_value_7d, type: DOUBLE, aggregation: {function: AVG, column: order_value, window: 7d}}
      - {name: last_restaurant, type: STRING, column: restaurant_id}""";

  private Project shop(String folder) {
    return shop(folder, 1, FEATURES, "");
  }

  private long apply(Registry r, Project p) {
    return r.apply(r.plan(p, false), "tester");
  }

  @Test
  void firstApplyCreatesRevisionOneWithEveryObject() {
    ChangePlan plan = registry.plan(shop("a"), false);

    assertThat(plan.baseRevision()).isZero();
    assertThat(plan.changes())
        .extracting(ObjectChange::toString)
        .containsExactly(
            "create entity customer",
            "create source orders",
            "create feature view customer_stats@v1");
    assertThat(registry.apply(plan, "alice")).isEqualTo(1);

    assertThat(registry.revisions()).containsExactly(Map.entry("shop", 1L));
    RegisteredProject stored = registry.project("shop").orElseThrow();
    assertThat(stored.revision()).isEqualTo(1);
    assertThat(stored.project().allViews()).isEqualTo(shop("b").allViews());
    assertThat(registry.snapshot().catalog().project("shop").view("customer_stats@v1"))
        .isEqualTo(shop("c").view("customer_stats@v1"));
  }

  @Test
  void applyingTheSameFilesAgainChangesNothing() {
    apply(registry, shop("a"));

    ChangePlan again = registry.plan(shop("b"), false);

    assertThat(again.isEmpty()).isTrue();
    assertThat(registry.apply(again, "bob")).isEqualTo(1);
    assertThat(registry.history("shop", ObjectKind.FEATURE_VIEW, "customer_stats")).hasSize(1);
  }

  @Test
  void additiveChangesMakeANewRevisionOfTheSameVersionAndKeepTheFeatureOrder() {
    apply(registry, shop("a"));
    String withNewFeatureFirst =
        "- {name: max_value_7d, type: DOUBLE, aggregation: {function: MAX, column: order_value,"
            + " window: 7d}, default: 0.0}\n"
            + FEATURES;
    Project desired = shop("b", 1, withNewFeatureFirst, "    description: order statistics");

    ChangePlan plan = registry.plan(desired, false);

    assertThat(plan.breakingChanges()).isEmpty();
    assertThat(plan.changes()).hasSize(1);
    ObjectChange update = plan.changes().get(0);
    assertThat(update.change()).isEqualTo(ChangeKind.UPDATE);
    assertThat(update.fields())
        .extracting(Object::toString)
        .contains("description: + order statistics", "features.max_value_7d: + DOUBLE");
    assertThat(registry.apply(plan, "carol")).isEqualTo(2);

    FeatureView stored = registry.project("shop").orElseThrow().project().view("customer_stats", 1);
    assertThat(stored.features())
        .extracting(Feature::name)
        .containsExactly("order_count_7d", "avg_value_7d", "last_restaurant", "max_value_7d");
    List<RevisionRecord> history =
        registry.history("shop", ObjectKind.FEATURE_VIEW, "customer_stats");
    assertThat(history).extracting(RevisionRecord::revision).containsExactly(1, 2);
    assertThat(history).extracting(RevisionRecord::appliedBy).containsExactly("tester", "carol");
    assertThat(history.get(1).appliedAt()).isEqualTo(NOW);
    assertThat(history.get(1).contentHash()).hasSize(64).isNotEqualTo(history.get(0).contentHash());
    assertThat(history.get(1).diff()).contains("description: + order statistics");
  }

  @Test
  void aBreakingChangeWithoutANewVersionIsRefusedNamingEveryBreakingField() {
    apply(registry, shop("a"));
    String breaking =
        """
        - {name: order_count_7d, type: INT64, aggregation: {function: COUNT, window: 1d}}
        - {name: avg_value_7d, type: DOUBLE, aggregation: {function: SUM, column: order_value, window: 7d}}""";

    BreakingChangeException refused =
        catchThrowableOfType(
            BreakingChangeException.class, () -> apply(registry, shop("b", 1, breaking, "")));

    assertThat(refused.fields())
        .containsExactlyInAnyOrder(
            "customer_stats@v1 features.order_count_7d.aggregation.window: 7d -> 1d",
            "customer_stats@v1 features.avg_value_7d.aggregation.function: AVG -> SUM",
            "customer_stats@v1 features.last_restaurant: - STRING");
    assertThat(refused.getMessage()).contains("raise `version:`");
    assertThat(registry.revisions()).containsEntry("shop", 1L);
  }

  @Test
  void aNewVersionIsRegisteredBesideTheOldOneWhichKeepsServing() {
    apply(registry, shop("a"));
    String v2 =
        """
        - {name: order_count_7d, type: INT64, aggregation: {function: COUNT, window: 1d}}""";

    long revision = apply(registry, shop("b", 2, v2, ""));

    assertThat(revision).isEqualTo(2);
    Project stored = registry.project("shop").orElseThrow().project();
    assertThat(stored.view("customer_stats@v1").features()).hasSize(3);
    assertThat(stored.view("customer_stats@v2").features())
        .extracting(Feature::name)
        .containsExactly("order_count_7d");
    assertThat(stored.view("customer_stats", 0).version()).isEqualTo(2);
    assertThat(registry.plan(shop("c", 2, v2, ""), false).kept())
        .containsExactly("feature view customer_stats@v1");
    assertThat(registry.history("shop", ObjectKind.FEATURE_VIEW, "customer_stats"))
        .extracting(r -> r.version() + "r" + r.revision() + " " + r.change())
        .containsExactly("1r1 CREATE", "2r1 CREATE");
  }

  @Test
  void featureServicesPinTheVersionsTheyWereAppliedWith() {
    apply(
        registry,
        shop(
            "a",
            1,
            FEATURES,
            "feature_services:\n  - {name: model, features: [\"customer_stats:order_count_7d\"]}"));
    apply(registry, shop("b", 2, FEATURES, ""));

    Project stored = registry.project("shop").orElseThrow().project();

    assertThat(stored.featureService("model").features())
        .containsExactly(new FeatureRef("customer_stats", 1, "order_count_7d"));
  }

  @Test
  void pruneDeletesWhatTheFilesNoLongerNameAndHistoryKeepsIt() {
    apply(registry, shop("a"));
    Project other =
        new DefinitionFiles(dir.resolve("other"))
            .project(
                DefinitionFiles.BASE
                    + """
                    feature_views:
                      - name: customer_orders
                        entities: [customer]
                        source: orders
                        features: [{name: last_value, type: DOUBLE, column: order_value}]
                    """);

    assertThat(registry.plan(other, false).kept())
        .containsExactly("feature view customer_stats@v1");
    ChangePlan pruning = registry.plan(other, true);
    assertThat(pruning.changes())
        .extracting(ObjectChange::toString)
        .containsExactly(
            "create feature view customer_orders@v1", "delete feature view customer_stats@v1");
    registry.apply(pruning, "dave");

    Project stored = registry.project("shop").orElseThrow().project();
    assertThat(stored.allViews())
        .extracting(FeatureView::qualifiedName)
        .containsExactly("customer_orders@v1");
    assertThat(registry.history("shop", ObjectKind.FEATURE_VIEW, "customer_stats"))
        .extracting(RevisionRecord::change)
        .containsExactly(ChangeKind.CREATE, ChangeKind.DELETE);
  }

  @Test
  void aPlanMadeBeforeAnotherApplyIsRefusedAndPlanningAgainSucceeds() {
    apply(registry, shop("a"));
    ChangePlan first = registry.plan(shop("b", 1, FEATURES, "    owner: alice"), false);
    ChangePlan second = registry.plan(shop("c", 1, FEATURES, "    description: stats"), false);
    registry.apply(first, "alice");

    assertThatThrownBy(() -> registry.apply(second, "bob"))
        .isInstanceOf(RegistryConflictException.class)
        .hasMessageContaining("is at revision 2 (applied by alice")
        .hasMessageContaining("this plan was made at revision 1");
    assertThat(registry.revisions()).containsEntry("shop", 2L);

    registry.apply(
        registry.plan(shop("d", 1, FEATURES, "    owner: alice\n    description: stats"), false),
        "bob");
    FeatureView stored = registry.project("shop").orElseThrow().project().view("customer_stats", 1);
    assertThat(stored.owner()).isEqualTo("alice");
    assertThat(stored.description()).isEqualTo("stats");
  }

  /**
   * Two registries on one database — as two processes would be — apply different changes at the
   * same moment, many times. Each apply lands, or fails with a conflict and lands when planned
   * again; no change is lost.
   */
  @Test
  void concurrentAppliesNeverLoseEachOthersWork() throws Exception {
    apply(registry, shop("base"));
    int rounds = 15;
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Registry one = open(url);
        Registry two = open(url)) {
      List<Future<Integer>> conflicts = new ArrayList<>();
      for (String who : List.of("one", "two")) {
        Registry r = who.equals("one") ? one : two;
        conflicts.add(
            pool.submit(
                () -> {
                  int conflicted = 0;
                  for (int i = 0; i < rounds; i++) {
                    Project p = viewOf(who + "_" + i);
                    start.await();
                    while (true) {
                      try {
                        r.apply(r.plan(p, false), who);
                        break;
                      } catch (RegistryConflictException e) {
                        conflicted++;
                      }
                    }
                  }
                  return conflicted;
                }));
      }
      int conflicted = conflicts.get(0).get() + conflicts.get(1).get();

      Project stored = registry.project("shop").orElseThrow().project();
      List<String> names = stored.allViews().stream().map(FeatureView::name).toList();
      for (int i = 0; i < rounds; i++) {
        assertThat(names).contains("one_" + i, "two_" + i);
      }
      assertThat(names).hasSize(2 * rounds + 1);
      assertThat(registry.revisions()).containsEntry("shop", 2L * rounds + 1);
      assertThat(conflicted).isLessThanOrEqualTo(2 * rounds);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The base definitions plus one more view, named {@code name}. */
  private Project viewOf(String name) {
    return new DefinitionFiles(dir.resolve(name))
        .project(
            DefinitionFiles.BASE
                + """
                  feature_views:
                    - name: %s
                      entities: [customer]
                      source: orders
                      features: [{name: last_value, type: DOUBLE, column: order_value}]
                  """
                    .formatted(name));
  }

  @Test
  void materializedIntervalsAreRecordedWithWhoAndWhenAndListedPerViewVersion() {
    Instant t0 = Instant.parse("2026-11-20T00:00:00Z");
    Instant t1 = Instant.parse("2026-11-21T00:00:00.123456789Z");
    Instant t2 = Instant.parse("2026-11-22T00:00:00Z");

    MaterializedInterval first =
        registry.recordMaterialization("shop", "customer_stats", 1, t0, t1, 42, "ana@host");
    registry.recordMaterialization("shop", "customer_stats", 1, t1, t2, 7, "bo@host");
    registry.recordMaterialization("shop", "customer_stats", 2, t0, t2, 99, "ana@host");
    registry.recordMaterialization("shop", "other_view", 1, t0, t2, 1, "ana@host");

    Instant t1Micros = Instant.parse("2026-11-21T00:00:00.123456Z");
    assertThat(first)
        .isEqualTo(
            new MaterializedInterval(
                "shop", "customer_stats", 1, t0, t1Micros, 42, "ana@host", NOW));
    assertThat(registry.materializations("shop", "customer_stats", 1))
        .containsExactly(
            first,
            new MaterializedInterval("shop", "customer_stats", 1, t1Micros, t2, 7, "bo@host", NOW));
    assertThat(registry.materializations("shop", "customer_stats", 2))
        .extracting(MaterializedInterval::rowsWritten)
        .containsExactly(99L);
    assertThat(registry.materializations("shop", "customer_stats", 3)).isEmpty();
    try (Registry other = open(url)) {
      assertThat(other.materializations("shop", "other_view", 1))
          .extracting(MaterializedInterval::end)
          .containsExactly(t2);
    }
  }

  @Test
  void anEmptyOrNegativeIntervalIsRefusedAndNothingIsRecorded() {
    Instant t = Instant.parse("2026-11-20T00:00:00Z");
    assertThatThrownBy(
            () -> registry.recordMaterialization("shop", "customer_stats", 1, t, t, 1, "ana"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("must be before end");
    assertThatThrownBy(
            () ->
                registry.recordMaterialization(
                    "shop", "customer_stats", 1, t, t.plusSeconds(1), -1, "ana"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("rows_written");
    assertThat(registry.materializations("shop", "customer_stats", 1)).isEmpty();
  }
}
