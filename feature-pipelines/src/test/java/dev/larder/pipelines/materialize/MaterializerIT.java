package dev.larder.pipelines.materialize;

import static dev.larder.testing.OfflineTables.customerRow;
import static dev.larder.testing.OfflineTables.i64;
import static dev.larder.testing.OfflineTables.micros;
import static dev.larder.testing.OfflineTables.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.TimeRange;
import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.WriteSummary;
import dev.larder.testing.FeatureViews;
import dev.larder.testing.OfflineTables;
import dev.larder.testing.RedisServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Materialization from real Delta tables to a real Redis. */
class MaterializerIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;

  private MaterializationFixture stores;
  private final FeatureView view = OfflineTables.customerView("customer_stats");

  @BeforeEach
  void open() {
    REDIS.flushAll();
    stores = new MaterializationFixture(dir, REDIS.uri());
  }

  @AfterEach
  void close() {
    stores.close();
  }

  /** Materializes {@code [start, end)} with the default settings. */
  private MaterializationResult materialize(FeatureView v, String start, String end) {
    return stores
        .materializer(MaterializerSettings.DEFAULT)
        .materialize(v, new TimeRange(Instant.parse(start), Instant.parse(end)));
  }

  @Test
  void theNewestRowOfEachEntityLandsInRedisTiesGoingToTheNewestCreatedTime() throws Exception {
    stores.append(
        view,
        customerRow("c1", "2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z", 1),
        customerRow("c2", "2026-11-21T09:00:00Z", "2026-11-21T09:00:00Z", 3));
    stores.append(
        view,
        customerRow("c1", "2026-11-21T08:00:00Z", "2026-11-21T08:00:00Z", 2),
        customerRow("c2", "2026-11-21T09:00:00Z", "2026-11-21T09:30:00Z", 4));

    MaterializationResult result =
        materialize(view, "2026-11-20T00:00:00Z", "2026-11-22T00:00:00Z");

    assertThat(stores.onlineValue(view, "c1")).isEqualTo(2);
    assertThat(stores.onlineValue(view, "c2")).isEqualTo(4);
    OnlineRow c2 = stores.onlineRow(view, "c2");
    assertThat(c2.eventTimeMicros()).isEqualTo(micros("2026-11-21T09:00:00Z"));
    assertThat(c2.createdTimeMicros()).isEqualTo(micros("2026-11-21T09:30:00Z"));
    assertThat(result.rowsRead()).isEqualTo(4);
    assertThat(result.entities()).isEqualTo(2);
    assertThat(result.write()).isEqualTo(new WriteSummary(2, 0, 0));
    assertThat(result.deltaVersion()).isEqualTo(stores.offline.snapshot(view).version());
  }

  @Test
  void anOlderDeltaRowNeverOverwritesANewerRedisValue() throws Exception {
    stores.append(view, customerRow("c1", "2026-11-21T08:00:00Z", "2026-11-21T08:00:00Z", 2));
    stores
        .online
        .write(
            view,
            List.of(
                new EntityRow(
                    List.of(str("c1")),
                    new OnlineRow(
                        micros("2026-11-22T08:00:00Z"),
                        micros("2026-11-22T08:00:00Z"),
                        List.of(i64(99))))))
        .get(10, TimeUnit.SECONDS);

    MaterializationResult result =
        materialize(view, "2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z");

    assertThat(stores.onlineValue(view, "c1")).isEqualTo(99);
    assertThat(result.write()).isEqualTo(new WriteSummary(0, 1, 0));
  }

  @Test
  void rowsOutsideTheHalfOpenRangeAreNotMaterialized() throws Exception {
    stores.append(
        view,
        customerRow("before", "2026-11-20T23:59:59.999999Z", "2026-11-21T00:00:00Z", 1),
        customerRow("atStart", "2026-11-21T00:00:00Z", "2026-11-21T00:00:00Z", 2),
        customerRow("atEnd", "2026-11-22T00:00:00Z", "2026-11-22T00:00:00Z", 3),
        customerRow("c1", "2026-11-21T12:00:00Z", "2026-11-21T12:00:00Z", 4),
        customerRow("c1", "2026-11-23T12:00:00Z", "2026-11-23T12:00:00Z", 5));

    MaterializationResult result =
        materialize(view, "2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z");

    assertThat(stores.onlineValue(view, "before")).isNull();
    assertThat(stores.onlineValue(view, "atStart")).isEqualTo(2);
    assertThat(stores.onlineValue(view, "atEnd")).isNull();
    assertThat(stores.onlineValue(view, "c1")).isEqualTo(4);
    assertThat(result.rowsRead()).isEqualTo(2);
    assertThat(result.write().written()).isEqualTo(2);
  }

  @Test
  void rowsAlreadyPastTtlPlusGraceAreNotWritten() throws Exception {
    FeatureView withTtl =
        FeatureViews.view(
            "recent",
            List.of(new JoinKey("customer_id", ValueType.STRING)),
            List.of(ValueType.INT64),
            Duration.ofHours(1));
    // ttl 1h plus grace 1h: a row of 2h01m ago has expired, one of 30 minutes ago has not.
    Instant now = MaterializationFixture.NOW;
    stores.append(
        withTtl,
        rowAt("old", now.minus(Duration.ofMinutes(121)), 1),
        rowAt("fresh", now.minus(Duration.ofMinutes(30)), 2));

    MaterializationResult result =
        stores
            .materializer(MaterializerSettings.DEFAULT)
            .materialize(withTtl, new TimeRange(now.minus(Duration.ofDays(1)), now));

    assertThat(stores.onlineValue(withTtl, "old")).isNull();
    assertThat(stores.onlineValue(withTtl, "fresh")).isEqualTo(2);
    assertThat(result.write()).isEqualTo(new WriteSummary(1, 0, 1));
  }

  private static OfflineRow rowAt(String customer, Instant t, long value) {
    String time = t.toString();
    return customerRow(customer, time, time, value);
  }

  @Test
  void manyPartitionsInSmallChunksWriteEachEntityOnceWithItsNewestRow() throws Exception {
    for (int day = 10; day < 20; day++) {
      for (int c = 0; c < 7; c++) {
        String t = "2026-11-" + day + "T0" + c + ":00:00Z";
        stores.append(view, customerRow("c" + c, t, t, day * 10L + c));
      }
    }

    MaterializationResult result =
        stores
            .materializer(new MaterializerSettings(2, 1, Duration.ofSeconds(30), 2))
            .materialize(
                view,
                new TimeRange(
                    Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-18T00:00:00Z")));

    for (int c = 0; c < 7; c++) {
      assertThat(stores.onlineValue(view, "c" + c)).isEqualTo(170L + c);
    }
    assertThat(result.rowsRead()).isEqualTo(8 * 7);
    assertThat(result.entities()).isEqualTo(7);
    assertThat(result.write()).isEqualTo(new WriteSummary(7, 0, 0));
  }

  @Test
  void aTableNeverWrittenMaterializesNothing() {
    MaterializationResult result =
        materialize(view, "2026-11-01T00:00:00Z", "2026-11-18T00:00:00Z");

    assertThat(result.deltaVersion()).isEqualTo(-1);
    assertThat(result.rowsRead()).isZero();
    assertThat(result.write()).isEqualTo(WriteSummary.EMPTY);
  }
}
