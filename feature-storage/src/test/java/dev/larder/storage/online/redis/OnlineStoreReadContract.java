package dev.larder.storage.online.redis;

import static dev.larder.storage.online.redis.StoredRows.decoded;
import static dev.larder.storage.online.redis.Views.dbl;
import static dev.larder.storage.online.redis.Views.i64;
import static dev.larder.storage.online.redis.Views.str;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidEntityKeyException;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowKey;
import dev.larder.testing.RedisBackend;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every Redis online store read must do, on one server and on a cluster alike: subclasses name
 * the Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OnlineStoreReadContract {

  /** The Redis this run reads from. */
  abstract RedisBackend backend();

  static final FeatureView CUSTOMERS =
      Views.view(
          "customers",
          List.of(new JoinKey("customer_id", ValueType.STRING)),
          List.of(ValueType.INT64, ValueType.DOUBLE, ValueType.STRING),
          null);
  private static final FeatureView STORES =
      Views.view(
          "stores",
          List.of(new JoinKey("store_id", ValueType.INT64)),
          List.of(ValueType.STRING_LIST, ValueType.BOOL),
          null);
  private static final FeatureView PAIRS =
      Views.view(
          "pairs",
          List.of(
              new JoinKey("customer_id", ValueType.STRING),
              new JoinKey("store_id", ValueType.INT64)),
          List.of(ValueType.FLOAT_LIST),
          null);
  private static final List<FeatureView> VIEWS = List.of(CUSTOMERS, STORES, PAIRS);

  private OnlineStore store;

  @BeforeAll
  void connect() {
    store = RedisOnlineStores.connect(backend().storeOptions().build());
  }

  @AfterAll
  void close() {
    store.close();
  }

  @BeforeEach
  void emptyRedis() {
    backend().flushAll();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 2_500})
  void readsEveryKeyOfARequestWithOneMgetPerSlot(int n) throws Exception {
    List<RowKey> keys = new ArrayList<>();
    List<OnlineRow> expected = new ArrayList<>();
    Map<FeatureView, List<EntityRow>> writes = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      FeatureView view = VIEWS.get(i % VIEWS.size());
      List<Value> entity = entity(view, i);
      keys.add(new RowKey(view, entity));
      OnlineRow row = i % 3 == 1 ? null : row(view, i);
      expected.add(row);
      if (row != null) {
        writes.computeIfAbsent(view, v -> new ArrayList<>()).add(new EntityRow(entity, row));
      }
    }
    for (Map.Entry<FeatureView, List<EntityRow>> w : writes.entrySet()) {
      assertThat(store.write(w.getKey(), w.getValue()).get(10, SECONDS).written())
          .isEqualTo(w.getValue().size());
    }
    backend().resetStats();

    List<OnlineRow> rows = decoded(store.read(keys).get(10, SECONDS));

    assertThat(rows).containsExactlyElementsOf(expected);
    assertThat(backend().commandCalls("mget")).isEqualTo(mgetsFor(keys));
    assertThat(backend().commandCalls("get")).isZero();
    assertThat(backend().commandCalls("evalsha")).isZero();
  }

  @Test
  void repeatedAndMissingKeysKeepTheirPlaces() throws Exception {
    OnlineRow row = row(CUSTOMERS, 7);
    store.write(CUSTOMERS, List.of(new EntityRow(entity(CUSTOMERS, 7), row))).get(5, SECONDS);
    RowKey present = new RowKey(CUSTOMERS, entity(CUSTOMERS, 7));
    RowKey missing = new RowKey(CUSTOMERS, entity(CUSTOMERS, 8));

    assertThat(decoded(store.read(List.of(present, missing, present)).get(5, SECONDS)))
        .containsExactly(row, null, row);
  }

  @Test
  void anEmptyRequestSendsNothing() throws Exception {
    backend().resetStats();
    assertThat(store.read(List.of()).get(5, SECONDS)).isEmpty();
    assertThat(backend().commandCalls("mget")).isZero();
  }

  @Test
  void aMistypedEntityFailsTheReadBeforeAnythingIsSent() {
    backend().resetStats();
    List<RowKey> keys =
        List.of(
            new RowKey(CUSTOMERS, entity(CUSTOMERS, 1)), new RowKey(STORES, List.of(str("s1"))));

    assertThatThrownBy(() -> store.read(keys).get(5, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(InvalidEntityKeyException.class)
        .hasMessageContaining("join key store_id");
    assertThat(backend().commandCalls("mget")).isZero();
  }

  @Test
  void aRowOfAnUnknownFormatIsMissingForItsKeyAlone() throws Exception {
    OnlineRow good = row(CUSTOMERS, 2);
    store.write(CUSTOMERS, List.of(new EntityRow(entity(CUSTOMERS, 2), good))).get(5, SECONDS);
    byte[] key = new RedisKeyLayout().key(CUSTOMERS, entity(CUSTOMERS, 1));
    backend().commands().set(new String(key, StandardCharsets.UTF_8), "\u0002future-format");

    List<OnlineRow> rows =
        decoded(
            store
                .read(
                    List.of(
                        new RowKey(CUSTOMERS, entity(CUSTOMERS, 1)),
                        new RowKey(CUSTOMERS, entity(CUSTOMERS, 2))))
                .get(5, SECONDS));

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).isNull();
    assertThat(rows.get(1)).isEqualTo(good);
  }

  @Test
  void readsCompleteOnTheReadExecutorAndEvenWhenItRefusesWork() throws Exception {
    OnlineRow row = row(CUSTOMERS, 4);
    store.write(CUSTOMERS, List.of(new EntityRow(entity(CUSTOMERS, 4), row))).get(5, SECONDS);
    List<RowKey> keys = List.of(new RowKey(CUSTOMERS, entity(CUSTOMERS, 4)));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try (OnlineStore offloaded =
            RedisOnlineStores.connect(
                backend().storeOptions().readExecutor(pool).readOffloadThreshold(1).build());
        OnlineStore refused =
            RedisOnlineStores.connect(
                backend()
                    .storeOptions()
                    .readExecutor(
                        task -> {
                          throw new java.util.concurrent.RejectedExecutionException("full");
                        })
                    .readOffloadThreshold(1)
                    .build())) {
      assertThat(decoded(offloaded.read(keys).get(5, SECONDS))).containsExactly(row);
      assertThat(decoded(refused.read(keys).get(5, SECONDS))).containsExactly(row);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One MGET on one server; one per slot on a cluster. */
  private long mgetsFor(List<RowKey> keys) {
    if (!backend().isCluster()) {
      return 1;
    }
    RedisKeyLayout layout = new RedisKeyLayout();
    return keys.stream()
        .map(k -> SlotHash.getSlot(layout.key(k.view(), k.entity())))
        .distinct()
        .count();
  }

  static List<Value> entity(FeatureView view, int i) {
    if (view == CUSTOMERS) {
      return List.of(str("customer-" + i));
    } else if (view == STORES) {
      return List.of(i64(i - 1_000L));
    }
    return List.of(str("c:" + i + "%"), i64(i));
  }

  static OnlineRow row(FeatureView view, int i) {
    List<Value> values;
    if (view == CUSTOMERS) {
      values =
          List.of(i64(i), dbl(i / 3.0), i % 2 == 0 ? str("r" + i) : Value.getDefaultInstance());
    } else if (view == STORES) {
      values =
          List.of(
              Value.newBuilder()
                  .setStringListVal(StringList.newBuilder().addValues("a").addValues("" + i))
                  .build(),
              Value.newBuilder().setBoolVal(i % 2 == 0).build());
    } else {
      values =
          List.of(
              Value.newBuilder()
                  .setFloatListVal(FloatList.newBuilder().addValues(i).addValues(-i))
                  .build());
    }
    return new OnlineRow(1_700_000_000_000_000L + i, 1_700_000_000_500_000L + i, values);
  }
}
