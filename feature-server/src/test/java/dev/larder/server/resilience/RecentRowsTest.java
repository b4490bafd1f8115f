package dev.larder.server.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.StringList;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
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
  void aRingThatWrapsForgetsTheRowsItOverwroteButNeverAnswersWithThem() {
    RecentRows recent = new RecentRows(4096, Duration.ofMinutes(1), nanos::get);
    List<RowKey> keys = IntStream.range(0, 4096).mapToObj(RecentRowsTest::key).toList();
    for (int round = 0; round < 40; round++) {
      long base = round * 10_000L;
      recent.remember(keys, IntStream.range(0, 4096).mapToObj(i -> row(base + i)).toList());
    }

    List<Long> recalled = values(recent.recall(keys));
    for (int i = 0; i < keys.size(); i++) {
      assertThat(recalled.get(i)).as("key %d", i).isIn(null, 390_000L + i);
    }
    assertThat(recalled.stream().filter(v -> v != null).count())
        .as("the last round's rows that took their own slot")
        .isGreaterThan(1000L);
  }

  @Test
  void aRecalledRowHasTheValuesAndTimesOfTheRowRemembered() throws Exception {
    RecentRows recent = new RecentRows(64, Duration.ofMinutes(1), nanos::get);
    List<Value> values =
        List.of(
            Value.getDefaultInstance(),
            Value.newBuilder().setBoolVal(false).build(),
            Value.newBuilder().setInt64Val(-5).build(),
            Value.newBuilder().setDoubleVal(0.25).build(),
            Value.newBuilder().setStringVal("gr\u00fcn").build(),
            Value.newBuilder().setBytesVal(ByteString.copyFrom(new byte[] {0, 1, 2})).build(),
            Value.newBuilder()
                .setInt64ListVal(Int64List.newBuilder().addValues(1).addValues(-1).build())
                .build(),
            Value.newBuilder().setStringListVal(StringList.newBuilder().addValues("")).build());
    StoredRow remembered = StoredRow.of(new OnlineRow(1_700_000_000_000_000L, 42L, values));
    RowKey key = new RowKey(VIEW, List.of(Value.newBuilder().setStringVal("customer-1").build()));
    recent.remember(List.of(key), List.of(remembered));

    StoredRow recalled = recent.recall(List.of(key)).get(0);

    assertThat(recalled.decode()).isEqualTo(remembered.decode());
    assertThat(recalled.eventTimeMicros()).isEqualTo(1_700_000_000_000_000L);
    assertThat(recalled.createdTimeMicros()).isEqualTo(42L);
    for (int i = 0; i < values.size(); i++) {
      assertThat(recalled.isNull(i)).as("null at %d", i).isEqualTo(i == 0);
      assertThat(recalled.valueWireSize(i)).isEqualTo(values.get(i).getSerializedSize());
      byte[] wire = new byte[recalled.valueWireSize(i)];
      CodedOutputStream out = CodedOutputStream.newInstance(wire);
      recalled.writeValue(i, out);
      out.checkNoSpaceLeft();
      assertThat(wire).isEqualTo(values.get(i).toByteArray());
    }
  }

  /**
   * Whatever is remembered, in whatever order, from several threads at once: a recalled row is the
   * one last remembered for its key, or nothing.
   */
  @Property(tries = 50)
  void concurrentRemembersAnswerOnlyTheLastRowOfEachKey(
      @ForAll @IntRange(min = 1, max = 300) int slots,
      @ForAll("batches") List<List<Integer>> batches)
      throws Exception {
    RecentRows recent = new RecentRows(slots, Duration.ofMinutes(1), nanos::get);
    // Each key's rows are remembered by one thread, in order, so "last" is well defined; keys
    // of different threads share slots and rings.
    int threads = 3;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  long sequence = 0;
                  for (List<Integer> batch : batches) {
                    List<RowKey> keys = new ArrayList<>();
                    List<StoredRow> rows = new ArrayList<>();
                    for (int id : batch) {
                      if (id % threads == thread) {
                        keys.add(key(id));
                        rows.add(row(id * 1_000_000L + sequence++));
                      }
                    }
                    recent.remember(keys, rows);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    Map<Integer, Long> last = new HashMap<>();
    long[] sequences = new long[threads];
    for (List<Integer> batch : batches) {
      for (int id : batch) {
        last.put(id, id * 1_000_000L + sequences[id % threads]++);
      }
    }
    List<RowKey> probe = IntStream.rangeClosed(0, 500).mapToObj(RecentRowsTest::key).toList();
    List<Long> recalled = values(recent.recall(probe));
    for (int id = 0; id <= 500; id++) {
      assertThat(recalled.get(id)).as("key %d", id).isIn(null, last.get(id));
    }
  }

  @Provide
  Arbitrary<List<List<Integer>>> batches() {
    return Arbitraries.integers().between(0, 500).list().ofMaxSize(200).list().ofMaxSize(20);
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
