package dev.larder.server.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecentRowsTest {

  private static final FeatureView VIEW =
      FeatureView.builder()
          .project("p")
          .name("v")
          .joinKeys(List.of(new JoinKey("id", ValueType.INT64)))
          .features(List.of(new Feature("f", ValueType.INT64, null, null, null, "")))
          .build();

  private final AtomicLong nanos = new AtomicLong();

  @Test
  void recallsTheRowLastRememberedForEachKeyUntilItExpires() {
    RecentRows recent = new RecentRows(1024, Duration.ofSeconds(10), nanos::get);
    recent.remember(List.of(key(1), key(2), key(3)), List.of(row(10), row(20), row(30)));
    recent.remember(List.of(key(2), key(3)), java.util.Arrays.asList(row(21), null));
    nanos.addAndGet(Duration.ofSeconds(9).toNanos());

    assertThat(values(recent.recall(List.of(key(1), key(2), key(3), key(4)))))
        .containsExactly(10L, 21L, 30L, null);

    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(values(recent.recall(List.of(key(1), key(2))))).containsExactly(null, null);
  }

  @Test
  void aFullTableForgetsSomeRowsButNeverAnswersWithAnotherKeysRow() {
    RecentRows recent = new RecentRows(16, Duration.ofMinutes(1), nanos::get);
    List<RowKey> keys = IntStream.range(0, 1000).mapToObj(RecentRowsTest::key).toList();
    List<StoredRow> rows = IntStream.range(0, 1000).mapToObj(i -> row(i)).toList();
    recent.remember(keys, rows);

    List<Long> recalled = values(recent.recall(keys));
    for (int i = 0; i < keys.size(); i++) {
      assertThat(recalled.get(i)).isIn(null, (long) i);
    }
    assertThat(recalled.stream().filter(v -> v != null).count()).isBetween(1L, 16L);
    assertThat(values(recent.recall(keys.subList(990, 1000))))
        .as("the latest rows are kept")
        .filteredOn(v -> v != null)
        .isNotEmpty();
  }

  @Test
  void sizeZeroRemembersNothingAndBadSettingsAreRefused() {
    RecentRows none = new RecentRows(0, Duration.ofMinutes(1), nanos::get);
    none.remember(List.of(key(1)), List.of(row(1)));
    assertThat(none.recall(List.of(key(1)))).containsExactly((StoredRow) null);

    assertThatThrownBy(() -> new RecentRows(-1, Duration.ofMinutes(1), nanos::get))
        .hasMessage("fallback cache max rows must be >= 0, was -1");
    assertThatThrownBy(() -> new RecentRows(1, Duration.ZERO, nanos::get))
        .hasMessage("fallback cache expiry must be a positive duration, was PT0S");
  }

  private static RowKey key(int id) {
    return new RowKey(VIEW, List.of(Value.newBuilder().setInt64Val(id).build()));
  }

  private static StoredRow row(long value) {
    return StoredRow.of(
        new OnlineRow(0, 0, List.of(Value.newBuilder().setInt64Val(value).build())));
  }

  private static List<Long> values(List<StoredRow> rows) {
    List<Long> values = new ArrayList<>();
    for (StoredRow row : rows) {
      values.add(row == null ? null : row.decode().values().get(0).getInt64Val());
    }
    return values;
  }
}
