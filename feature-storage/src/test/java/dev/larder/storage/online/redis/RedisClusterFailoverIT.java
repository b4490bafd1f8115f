package dev.larder.storage.online.redis;

import static dev.larder.storage.online.redis.StoredRows.decoded;
import static dev.larder.storage.online.redis.Views.i64;
import static dev.larder.storage.online.redis.Views.str;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowKey;
import dev.larder.testing.RedisClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A master of a 3+3 Redis Cluster fails over to its replica, and the old master is killed, while
 * readers and writers keep going: every value read is one that was written for its key and never
 * older than a write acknowledged before the read began; errors happen only during the failover.
 */
class RedisClusterFailoverIT {

  @RegisterExtension
  static final RedisClusterExtension CLUSTER = RedisClusterExtension.ownCluster();

  private static final int KEYS = 300;
  private static final int READ_BATCH = 40;
  private static final int WRITE_BATCH = 20;

  /** Reads and writes each that must be answered before the failover and after it. */
  private static final int STEADY_CALLS = 100;

  private static final FeatureView VIEW =
      Views.view(
          "failover",
          List.of(new JoinKey("id", ValueType.STRING)),
          List.of(ValueType.INT64, ValueType.STRING),
          null);

  private static final int BEFORE = 0;
  private static final int DURING = 1;
  private static final int AFTER = 2;

  /** Per key, the highest version handed to a writer: every version up to it may be stored. */
  private final AtomicLongArray issued = new AtomicLongArray(KEYS);

  /** Per key, the highest version whose write was acknowledged. */
  private final AtomicLongArray acknowledged = new AtomicLongArray(KEYS);

  private final AtomicInteger phase = new AtomicInteger(BEFORE);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final long[][] ops = new long[3][2];
  private final long[][] errors = new long[3][2];
  private final ConcurrentLinkedQueue<String> wrongValues = new ConcurrentLinkedQueue<>();

  @Test
  void noWrongValueIsEverServedAndErrorsStayInsideTheFailover() throws Exception {
    RedisClusterProcesses processes = CLUSTER.processes().orElseThrow();
    RedisServerProcess master = processes.masters().get(0);
    RedisServerProcess replica = processes.replicas().get(0);
    ExecutorService load = Executors.newFixedThreadPool(4);
    try (OnlineStore store =
        RedisOnlineStores.connect(
            CLUSTER
                .storeOptions()
                .commandTimeout(Duration.ofMillis(500))
                .topologyRefreshPeriod(Duration.ofSeconds(1))
                .build())) {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        workers.add(load.submit(() -> writeUntilStopped(store)));
        workers.add(load.submit(() -> readUntilStopped(store)));
      }
      awaitSteadyLoad(BEFORE);

      phase.set(DURING);
      long failoverStart = System.nanoTime();
      RedisClusterProcesses.admin(replica.port(), c -> c.clusterFailover(false));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  RedisClusterProcesses.admin(
                      replica.port(), c -> c.info("replication").contains("role:master")));
      master.kill();
      processes.waitUntilHealthy();
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> everyKeyAnswers(store));
      long windowMillis = (System.nanoTime() - failoverStart) / 1_000_000;
      phase.set(AFTER);
      awaitSteadyLoad(AFTER);
      running.set(false);
      for (Future<?> worker : workers) {
        worker.get(30, SECONDS);
      }

      System.out.printf(
          "Failover under load: window %d ms; reads %d/%d/%d, read errors %d/%d/%d;"
              + " writes %d/%d/%d, write errors %d/%d/%d (before/during/after); wrong values %d%n",
          windowMillis,
          ops[BEFORE][0],
          ops[DURING][0],
          ops[AFTER][0],
          errors[BEFORE][0],
          errors[DURING][0],
          errors[AFTER][0],
          ops[BEFORE][1],
          ops[DURING][1],
          ops[AFTER][1],
          errors[BEFORE][1],
          errors[DURING][1],
          errors[AFTER][1],
          wrongValues.size());
      assertThat(wrongValues).isEmpty();
      assertThat(errors[BEFORE]).containsOnly(0L);
      assertThat(errors[AFTER]).containsOnly(0L);
      assertThat(ops[BEFORE]).doesNotContain(0L);
      assertThat(ops[AFTER]).doesNotContain(0L);
      assertThat(decoded(store.read(keys(0, KEYS)).get(5, SECONDS)))
          .allSatisfy(row -> assertThat(row).isNotNull());
    } finally {
      running.set(false);
      load.shutdownNow();
    }
  }

  /** Waits until {@link #STEADY_CALLS} reads and as many writes were answered in {@code phase}. */
  private void awaitSteadyLoad(int phase) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> answered(phase, 0) >= STEADY_CALLS && answered(phase, 1) >= STEADY_CALLS);
  }

  private void writeUntilStopped(OnlineStore store) {
    while (running.get()) {
      int p = phase.get();
      List<EntityRow> rows = new ArrayList<>(WRITE_BATCH);
      int[] keys = new int[WRITE_BATCH];
      long[] versions = new long[WRITE_BATCH];
      for (int i = 0; i < WRITE_BATCH; i++) {
        keys[i] = ThreadLocalRandom.current().nextInt(KEYS);
        versions[i] = issued.incrementAndGet(keys[i]);
        rows.add(row(keys[i], versions[i]));
      }
      try {
        store.write(VIEW, rows).get(5, SECONDS);
        for (int i = 0; i < WRITE_BATCH; i++) {
          acknowledged.accumulateAndGet(keys[i], versions[i], Math::max);
        }
        count(ops, p, 1);
      } catch (Exception e) {
        count(errors, p, 1);
      }
    }
  }

  private void readUntilStopped(OnlineStore store) {
    while (running.get()) {
      int p = phase.get();
      int from = ThreadLocalRandom.current().nextInt(KEYS - READ_BATCH);
      long[] ackedBefore = new long[READ_BATCH];
      for (int i = 0; i < READ_BATCH; i++) {
        ackedBefore[i] = acknowledged.get(from + i);
      }
      List<OnlineRow> rows;
      try {
        rows = decoded(store.read(keys(from, from + READ_BATCH)).get(5, SECONDS));
        count(ops, p, 0);
      } catch (Exception e) {
        count(errors, p, 0);
        continue;
      }
      for (int i = 0; i < READ_BATCH; i++) {
        check(from + i, ackedBefore[i], rows.get(i));
      }
    }
  }

  /** The row read for {@code key} is one written for it, and not older than {@code ackedBefore}. */
  private void check(int key, long ackedBefore, OnlineRow row) {
    if (row == null) {
      if (ackedBefore > 0) {
        wrongValues.add("key " + key + ": missing, though version " + ackedBefore + " was acked");
      }
      return;
    }
    long version = row.eventTimeMicros();
    if (!row.equals(row(key, version).row())) {
      wrongValues.add("key " + key + ": " + row + " is not a row written for it");
    } else if (version > issued.get(key)) {
      wrongValues.add("key " + key + ": version " + version + " was never written");
    } else if (version < ackedBefore) {
      wrongValues.add(
          "key " + key + ": version " + version + " is older than acked " + ackedBefore);
    }
  }

  private boolean everyKeyAnswers(OnlineStore store) throws Exception {
    List<EntityRow> probe = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      probe.add(row(k, 0));
    }
    store.write(VIEW, probe).get(2, SECONDS);
    return store.read(keys(0, KEYS)).get(2, SECONDS).size() == KEYS;
  }

  private synchronized void count(long[][] counts, int phase, int kind) {
    counts[phase][kind]++;
  }

  private synchronized long answered(int phase, int kind) {
    return ops[phase][kind];
  }

  private static List<RowKey> keys(int from, int to) {
    List<RowKey> keys = new ArrayList<>(to - from);
    for (int k = from; k < to; k++) {
      keys.add(new RowKey(VIEW, List.of(str("k" + k))));
    }
    return keys;
  }

  private static EntityRow row(int key, long version) {
    return new EntityRow(
        List.of(str("k" + key)),
        new OnlineRow(version, 0, List.of(i64(version), str("k" + key + "/" + version))));
  }
}
