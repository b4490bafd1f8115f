package dev.larder.storage.online.redis;

import static dev.larder.storage.online.redis.StoredRows.decoded;
import static dev.larder.storage.online.redis.Views.i64;
import static dev.larder.storage.online.redis.Views.str;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidEntityKeyException;
import dev.larder.registry.errors.InvalidRowsException;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.WriteSummary;
import dev.larder.testing.RedisBackend;
import io.lettuce.core.cluster.SlotHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every Redis online store write must do, on one server and on a cluster alike: subclasses
 * name the Redis.
 */
abstract class OnlineStoreWriteContract {

  /** The Redis this run writes to. */
  abstract RedisBackend backend();

  /** The injected "now": real time (Redis expires keys by its own clock), whole milliseconds. */
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private final FeatureView hourly = view("hourly", Duration.ofHours(1));
  private final FeatureView forever = view("forever", null);
  private final List<OnlineStore> stores = new ArrayList<>();

  @BeforeEach
  void emptyRedis() {
    backend().flushAll();
  }

  @AfterEach
  void closeStores() {
    stores.forEach(OnlineStore::close);
  }

  @Test
  void newerRowsReplaceOlderOnesAndOlderOrEqualOnesAreIgnored() throws Exception {
    OnlineStore store = store(backend().storeOptions());
    List<Value> c1 = List.of(str("c1"));

    assertThat(write(store, forever, row(c1, 10, 5, "first"))).isEqualTo(new WriteSummary(1, 0, 0));
    assertThat(write(store, forever, row(c1, 20, 0, "newer event")))
        .isEqualTo(new WriteSummary(1, 0, 0));
    assertThat(write(store, forever, row(c1, 19, 99, "older event"), row(c1, 20, 0, "same times")))
        .isEqualTo(new WriteSummary(0, 2, 0));
    assertThat(write(store, forever, row(c1, 20, 1, "newer created")))
        .isEqualTo(new WriteSummary(1, 0, 0));
    assertThat(write(store, forever, row(c1, -5, 50, "negative event")))
        .isEqualTo(new WriteSummary(0, 1, 0));

    assertThat(read(store, forever, c1)).isEqualTo(row(c1, 20, 1, "newer created").row());
  }

  @Test
  void storesTheEncodedRowUnderTheLayoutKey() throws Exception {
    OnlineStore store = store(backend().storeOptions());
    EntityRow row = row(List.of(str("a:b")), 1, 2, "x");
    write(store, forever, row);

    assertThat(backend().rawValue("test:forever:v1:a%3Ab")).isEqualTo(RowCodec.encode(row.row()));
  }

  @Test
  void keysExpireAtEventTimePlusTtlPlusGraceWhichDefaultsToTheTtl() throws Exception {
    OnlineStore store = store(backend().storeOptions());
    Instant event = now.minus(Duration.ofMinutes(10));

    write(store, hourly, row(List.of(str("c1")), micros(event), 0, "x"));

    String key = "test:hourly:v1:c1";
    Instant expected = event.plus(Duration.ofHours(2));
    assertThat(backend().commands().pexpiretime(key)).isEqualTo(expected.toEpochMilli());
    long pttl = backend().commands().pttl(key);
    assertThat(pttl).isCloseTo(Duration.between(now, expected).toMillis(), within(5_000L));
  }

  @Test
  void theGraceCanBeConfigured() throws Exception {
    OnlineStore store = store(backend().storeOptions().expiryGrace(Duration.ofMinutes(5)));
    Instant event = now.minus(Duration.ofMinutes(10)).plusNanos(999_000);

    write(store, hourly, row(List.of(str("c1")), micros(event), 0, "x"));

    Instant expected = event.truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofMinutes(65));
    assertThat(backend().commands().pexpiretime("test:hourly:v1:c1"))
        .isEqualTo(expected.toEpochMilli());
  }

  @Test
  void rowsPastTtlPlusGraceAreNotWrittenButCounted() throws Exception {
    OnlineStore store = store(backend().storeOptions());
    Instant justExpired = now.minus(Duration.ofHours(2));
    Instant withinGrace = now.minus(Duration.ofMinutes(90));

    WriteSummary summary =
        write(
            store,
            hourly,
            row(List.of(str("old")), micros(justExpired), 0, "x"),
            row(List.of(str("graced")), micros(withinGrace), 0, "y"));

    assertThat(summary).isEqualTo(new WriteSummary(1, 0, 1));
    assertThat(backend().commands().exists("test:hourly:v1:old")).isZero();
    assertThat(backend().commands().exists("test:hourly:v1:graced")).isOne();
  }

  @Test
  void viewsWithoutTtlNeverExpire() throws Exception {
    OnlineStore store = store(backend().storeOptions());

    write(
        store, forever, row(List.of(str("c1")), micros(now.minus(Duration.ofDays(3650))), 0, "x"));

    assertThat(backend().commands().pttl("test:forever:v1:c1")).isEqualTo(-1);
  }

  @Test
  void writesAreSentInBatchesAndAllCounted() throws Exception {
    OnlineStore store = store(backend().storeOptions().writeBatchSize(3));
    List<EntityRow> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(row(List.of(str("c" + (i % 7))), i, 0, "v" + i));
    }

    assertThat(write(store, forever, rows.toArray(EntityRow[]::new)))
        .isEqualTo(new WriteSummary(10, 0, 0));
    assertThat(read(store, forever, List.of(str("c2")))).isEqualTo(rows.get(9).row());
    assertThat(read(store, forever, List.of(str("c3")))).isEqualTo(rows.get(3).row());
  }

  @Test
  void rowsBeyondOneScriptCallAreSplitAcrossCallsAndAllCounted() throws Exception {
    OnlineStore store = store(backend().storeOptions());
    int n = NewestWinsWriter.ROWS_PER_SCRIPT_CALL * 2 + 50;
    List<EntityRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row(List.of(str("c" + (i % (n - 10)))), i, 0, "v" + i));
    }
    backend().resetStats();

    assertThat(write(store, forever, rows.toArray(EntityRow[]::new)))
        .isEqualTo(new WriteSummary(n, 0, 0));
    assertThat(backend().commandCalls("evalsha"))
        .isEqualTo(backend().isCluster() ? slotsOf(forever, rows) : 3);
    assertThat(read(store, forever, List.of(str("c3")))).isEqualTo(rows.get(n - 7).row());
    assertThat(read(store, forever, List.of(str("c100")))).isEqualTo(rows.get(100).row());
    assertThat(write(store, forever, rows.toArray(EntityRow[]::new)))
        .isEqualTo(new WriteSummary(0, n, 0));
  }

  @Test
  void aFlushedScriptCacheIsRefilledWithEval() throws Exception {
    OnlineStore store = store(backend().storeOptions());
    write(store, forever, row(List.of(str("c1")), 1, 0, "x"));
    backend().commands().scriptFlush();
    backend().resetStats();

    assertThat(
            write(
                store,
                forever,
                row(List.of(str("c1")), 2, 0, "y"),
                row(List.of(str("c2")), 1, 0, "z")))
        .isEqualTo(new WriteSummary(2, 0, 0));
    assertThat(write(store, forever, row(List.of(str("c1")), 3, 0, "w")))
        .isEqualTo(new WriteSummary(1, 0, 0));

    // Both rows of the first write go in one script call (one per slot on a cluster): one
    // NOSCRIPT, one EVAL each.
    List<EntityRow> first =
        List.of(row(List.of(str("c1")), 0, 0, ""), row(List.of(str("c2")), 0, 0, ""));
    assertThat(backend().commandCalls("eval"))
        .isEqualTo(backend().isCluster() ? slotsOf(forever, first) : 1);
    assertThat(read(store, forever, List.of(str("c1"))))
        .isEqualTo(row(List.of(str("c1")), 3, 0, "w").row());
  }

  @Test
  void rowsThatDoNotFitTheViewWriteNothing() {
    OnlineStore store = store(backend().storeOptions());
    EntityRow good = row(List.of(str("c1")), 1, 0, "x");
    EntityRow shortRow = new EntityRow(List.of(str("c2")), new OnlineRow(1, 0, List.of(i64(1))));
    EntityRow mistyped =
        new EntityRow(List.of(str("c3")), new OnlineRow(1, 0, List.of(str("1"), str("x"))));
    EntityRow badKey = new EntityRow(List.of(i64(4)), good.row());

    assertThatThrownBy(() -> store.write(forever, List.of(good, shortRow)).get(5, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(InvalidRowsException.class)
        .hasMessageContaining("row 1")
        .hasMessageContaining("has 1 values but the view has 2 features");
    assertThatThrownBy(() -> store.write(forever, List.of(mistyped)).get(5, SECONDS))
        .cause()
        .isInstanceOf(InvalidRowsException.class)
        .hasMessageContaining("feature f0 expects INT64, got STRING");
    assertThatThrownBy(() -> store.write(forever, List.of(good, badKey)).get(5, SECONDS))
        .cause()
        .isInstanceOf(InvalidEntityKeyException.class)
        .hasMessageContaining("join key customer_id");
    assertThat(backend().commands().dbsize()).isZero();
  }

  /** A store on {@code options}, which come from {@link RedisBackend#storeOptions()}. */
  private OnlineStore store(RedisOnlineStoreOptions.Builder options) {
    OnlineStore store =
        RedisOnlineStores.connect(options.clock(Clock.fixed(now, ZoneOffset.UTC)).build());
    stores.add(store);
    return store;
  }

  /** How many slots the rows' keys fall in: a cluster needs one script call per slot. */
  private static long slotsOf(FeatureView view, List<EntityRow> rows) {
    RedisKeyLayout layout = new RedisKeyLayout();
    return rows.stream()
        .map(r -> SlotHash.getSlot(layout.key(view, r.entity())))
        .distinct()
        .count();
  }

  private static FeatureView view(String name, Duration ttl) {
    return Views.view(
        name,
        List.of(new JoinKey("customer_id", ValueType.STRING)),
        List.of(ValueType.INT64, ValueType.STRING),
        ttl);
  }

  private static EntityRow row(
      List<Value> entity, long eventMicros, long createdMicros, String payload) {
    return new EntityRow(
        entity, new OnlineRow(eventMicros, createdMicros, List.of(i64(eventMicros), str(payload))));
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static WriteSummary write(OnlineStore store, FeatureView view, EntityRow... rows)
      throws Exception {
    return store.write(view, List.of(rows)).get(10, SECONDS);
  }

  private static OnlineRow read(OnlineStore store, FeatureView view, List<Value> entity)
      throws Exception {
    return decoded(store.read(List.of(new RowKey(view, entity))).get(10, SECONDS)).get(0);
  }
}
