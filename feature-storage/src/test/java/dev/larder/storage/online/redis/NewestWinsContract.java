package dev.larder.storage.online.redis;

import static dev.larder.storage.online.redis.StoredRows.decoded;
import static dev.larder.storage.online.redis.Views.dbl;
import static dev.larder.storage.online.redis.Views.i64;
import static dev.larder.storage.online.redis.Views.str;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.WriteSummary;
import dev.larder.testing.RedisBackend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * The acceptance property of newest-wins: whatever the order and concurrency of the writes, each
 * entity's stored row is its newest by (event time, created time). Rows with the same entity and
 * both timestamps carry identical values, so the expected row is unique. Subclasses name the Redis
 * (one server or a cluster) and start and stop the stores with {@link #connect} and {@link
 * #disconnect}.
 */
abstract class NewestWinsContract {

  private static final int THREADS = 4;
  private static final List<String> ENTITIES = List.of("e0", "e:1", "e%3A1", "");
  private static final FeatureView VIEW =
      Views.view(
          "newest",
          List.of(new JoinKey("entity_id", ValueType.STRING)),
          List.of(ValueType.INT64, ValueType.STRING, ValueType.DOUBLE),
          null);

  private static RedisBackend backend;

  /**
   * One store, so one connection, per writer: like separate pipeline tasks or servers. Their
   * writers try {@code SET … NX} first always, never, or adaptively, so that the concurrent
   * property also races the two write paths against each other.
   */
  private static final List<OnlineStore> STORES = new ArrayList<>();

  private static final List<NewestWinsWriter.AbsentKeys> MODES =
      List.of(
          NewestWinsWriter.AbsentKeys.ADAPTIVE,
          NewestWinsWriter.AbsentKeys.ALWAYS,
          NewestWinsWriter.AbsentKeys.NEVER,
          NewestWinsWriter.AbsentKeys.ADAPTIVE);

  private static OnlineStore reader;
  private static ExecutorService writers;

  /** Connects the writers' stores to {@code redis}, which is started. */
  static void connect(RedisBackend redis) {
    backend = redis;
    for (int t = 0; t < THREADS; t++) {
      // A small batch size so that one write() call spans several pipelined batches.
      STORES.add(
          RedisOnlineStores.connect(
              redis.storeOptions().writeBatchSize(4).build(), MODES.get(t % MODES.size())));
    }
    reader = STORES.get(0);
    writers = Executors.newFixedThreadPool(THREADS);
  }

  /** Closes the stores. */
  static void disconnect() {
    writers.shutdownNow();
    STORES.forEach(OnlineStore::close);
    STORES.clear();
    backend = null;
  }

  @BeforeTry
  void emptyRedis() {
    backend.flushAll();
  }

  @Property(tries = 60)
  void concurrentWritesInAnyOrderLeaveTheNewestRow(
      @ForAll("writes") List<EntityRow> rows, @ForAll Random random) throws Exception {
    List<EntityRow> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, random);
    List<List<List<EntityRow>>> perThread = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      perThread.add(new ArrayList<>());
    }
    for (int i = 0; i < shuffled.size(); ) {
      int size = 1 + random.nextInt(9);
      perThread
          .get(random.nextInt(THREADS))
          .add(shuffled.subList(i, Math.min(i + size, shuffled.size())));
      i += size;
    }

    CyclicBarrier go = new CyclicBarrier(THREADS);
    List<Future<WriteSummary>> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<List<EntityRow>> calls = perThread.get(t);
      OnlineStore own = STORES.get(t);
      threads.add(
          writers.submit(
              () -> {
                go.await(10, SECONDS);
                List<CompletableFuture<WriteSummary>> inFlight = new ArrayList<>();
                for (List<EntityRow> call : calls) {
                  inFlight.add(own.write(VIEW, call));
                }
                WriteSummary sum = WriteSummary.EMPTY;
                for (CompletableFuture<WriteSummary> f : inFlight) {
                  sum = sum.plus(f.get(30, SECONDS));
                }
                return sum;
              }));
    }
    WriteSummary total = WriteSummary.EMPTY;
    for (Future<WriteSummary> thread : threads) {
      total = total.plus(thread.get(60, SECONDS));
    }

    Map<String, OnlineRow> newest = newestByEntity(rows);
    assertThat(total.total()).isEqualTo(rows.size());
    assertThat(total.expiredIgnored()).isZero();
    assertThat(total.written()).isBetween((long) newest.size(), (long) rows.size());
    assertThat(readAll()).isEqualTo(newest);
  }

  @Property(tries = 60)
  void oneSequentialWriteStoresExactlyTheRunningMaxima(
      @ForAll("writes") List<EntityRow> rows, @ForAll("writers") int writer) throws Exception {
    Map<String, OnlineRow> max = new HashMap<>();
    long expectedWritten = 0;
    for (EntityRow row : rows) {
      OnlineRow current = max.get(entityOf(row));
      if (current == null || NEWEST_LAST.compare(row.row(), current) > 0) {
        max.put(entityOf(row), row.row());
        expectedWritten++;
      }
    }

    WriteSummary summary = STORES.get(writer).write(VIEW, rows).get(30, SECONDS);

    assertThat(summary)
        .isEqualTo(new WriteSummary(expectedWritten, rows.size() - expectedWritten, 0));
    assertThat(readAll()).isEqualTo(max);
  }

  private static final Comparator<OnlineRow> NEWEST_LAST =
      Comparator.comparingLong(OnlineRow::eventTimeMicros)
          .thenComparingLong(OnlineRow::createdTimeMicros);

  private static Map<String, OnlineRow> newestByEntity(List<EntityRow> rows) {
    Map<String, OnlineRow> newest = new HashMap<>();
    for (EntityRow row : rows) {
      newest.merge(entityOf(row), row.row(), (a, b) -> NEWEST_LAST.compare(b, a) > 0 ? b : a);
    }
    return newest;
  }

  private static Map<String, OnlineRow> readAll() throws Exception {
    List<RowKey> keys = ENTITIES.stream().map(e -> new RowKey(VIEW, List.of(str(e)))).toList();
    List<OnlineRow> stored = decoded(reader.read(keys).get(10, SECONDS));
    Map<String, OnlineRow> byEntity = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      if (stored.get(i) != null) {
        byEntity.put(ENTITIES.get(i), stored.get(i));
      }
    }
    return byEntity;
  }

  private static String entityOf(EntityRow row) {
    return row.entity().get(0).getStringVal();
  }

  /**
   * 1 to 200 rows over a few entities, with event and created times drawn from small ranges
   * (negative ones included) so that ties on one or both are frequent. The values are a function of
   * (entity, event, created): rows tied on both are identical.
   */
  /** The index of a writer in {@link #STORES}, so each write path is tried. */
  @Provide
  Arbitrary<Integer> writers() {
    return Arbitraries.integers().between(0, THREADS - 1);
  }

  @Provide
  Arbitrary<List<EntityRow>> writes() {
    Arbitrary<Long> events =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-3, 3),
            Arbitraries.longs().between(-3, 3).map(t -> t * 1_000_000_007L));
    Arbitrary<Long> created = Arbitraries.longs().between(-2, 2);
    return Combinators.combine(Arbitraries.of(ENTITIES), events, created)
        .as(NewestWinsContract::row)
        .list()
        .ofMinSize(1)
        .ofMaxSize(200);
  }

  private static EntityRow row(String entity, long event, long created) {
    List<Value> values =
        List.of(
            i64(event),
            str(entity + "/" + event + "/" + created),
            dbl(Math.sin(event * 31 + created)));
    return new EntityRow(List.of(str(entity)), new OnlineRow(event, created, values));
  }
}
