package dev.larder.pipelines.materialize;

import static dev.larder.testing.OfflineTables.customerRow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.TimeRange;
import dev.larder.testing.OfflineTables;
import dev.larder.testing.RedisServerExtension;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Materializations recorded in a real SQLite registry, and incremental runs that resume there. */
class RecordedMaterializerIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;

  private MaterializationFixture stores;
  private RecordedMaterializer materializer;
  private final FeatureView view = OfflineTables.customerView("customer_stats");

  @BeforeEach
  void open() {
    REDIS.flushAll();
    stores = new MaterializationFixture(dir, REDIS.uri());
    materializer =
        new RecordedMaterializer(
            stores.materializer(MaterializerSettings.DEFAULT), stores.registry, "ana@host");
  }

  @AfterEach
  void close() {
    stores.close();
  }

  @Test
  void incrementalRunsResumeFromTheRecordedEndAndRecordEachInterval() throws Exception {
    Instant t0 = Instant.parse("2026-11-20T00:00:00Z");
    Instant t1 = Instant.parse("2026-11-21T00:00:00Z");
    Instant t2 = Instant.parse("2026-11-22T00:00:00Z");
    stores.append(
        view,
        customerRow("c1", "2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z", 1),
        customerRow("c2", "2026-11-20T09:00:00Z", "2026-11-20T09:00:00Z", 2));
    materializer.materialize(view, new TimeRange(t0, t1));
    // A row before the recorded end that arrived late is not picked up by the incremental run;
    // the new day's row is.
    stores.append(
        view,
        customerRow("c2", "2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z", 20),
        customerRow("c1", "2026-11-21T08:00:00Z", "2026-11-21T08:00:00Z", 10));

    MaterializationResult next = materializer.materializeIncrementally(view, t2).orElseThrow();

    assertThat(next.range()).isEqualTo(new TimeRange(t1, t2));
    assertThat(next.rowsRead()).isEqualTo(1);
    assertThat(stores.onlineValue(view, "c1")).isEqualTo(10);
    assertThat(stores.onlineValue(view, "c2")).isEqualTo(2);
    assertThat(stores.registry.materializations("test", "customer_stats", 1))
        .containsExactly(
            new MaterializedInterval(
                "test", "customer_stats", 1, t0, t1, 2, "ana@host", MaterializationFixture.NOW),
            new MaterializedInterval(
                "test", "customer_stats", 1, t1, t2, 1, "ana@host", MaterializationFixture.NOW));
    assertThat(materializer.materializeIncrementally(view, t2)).isEmpty();
  }

  @Test
  void aViewWithoutOfflineTableRecordsNothingSoItsFirstBackfillIsStillMaterialized()
      throws Exception {
    Instant end = Instant.parse("2026-11-22T00:00:00Z");
    assertThat(materializer.materializeIncrementally(view, end).orElseThrow().deltaVersion())
        .isEqualTo(-1);
    assertThat(stores.registry.materializations("test", "customer_stats", 1)).isEmpty();

    stores.append(view, customerRow("c1", "2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z", 1));
    MaterializationResult result = materializer.materializeIncrementally(view, end).orElseThrow();

    assertThat(result.write().written()).isEqualTo(1);
    assertThat(stores.onlineValue(view, "c1")).isEqualTo(1);
  }
}
