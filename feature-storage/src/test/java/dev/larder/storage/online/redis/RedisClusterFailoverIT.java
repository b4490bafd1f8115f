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
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
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
 * Masters of a 3+3 Redis Cluster fail while readers and writers keep going, once by a manual
 * failover to the replica (then the old master is killed), once by a crash (SIGKILL, the cluster
 * promotes the replica itself): every value read is one that was written for its key, and errors
 * happen only during the failover.
 *
 * <p>Redis replicates asynchronously: a master may acknowledge a write and die before its replica
 * has it, and the promoted replica then serves the older value. So a value read must not be older
 * than a write acknowledged before the read began, except that after a crash, writes to the crashed
 * master's slots acknowledged by it (sent before the kill) may be lost; writes sent after the kill
 * were acknowledged by the promoted replica and must never be lost. The crash test counts and
 * prints the lost writes, and checks each was of the crashed master's slots and sent before the
 * kill. A manual failover waits for the replica to catch up, so it loses nothing.
 */
class RedisClusterFailoverIT {

  /** Short, so that the cluster promotes a crashed master's replica within a few seconds. */
  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

  @RegisterExtension
  static final RedisClusterExtension CLUSTER = RedisClusterExtension.ownCluster(NODE_TIMEOUT);

  private static final int KEYS = 300;
  private static final int READ_BATCH = 40;
  private static final int WRITE_BATCH = 20;

  /** Reads and writes each that must be answered before the failover and after it. */
  private static final int STEADY_CALLS = 100;

  /** Tests of the class so far: each writes a view of its own, the cluster is shared. */
  private static final AtomicInteger TESTS = new AtomicInteger();

  private final FeatureView view =
      Views.view(
          "failover_" + TESTS.incrementAndGet(),
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

  /**
   * Per key, the highest acknowledged version that a crash cannot lose: every one, except on the
   * crashed master's slots, where only writes sent after the kill count.
   */
  private final AtomicLongArray durable = new AtomicLongArray(KEYS);

  /** Keys of the crashed master's slots; none when no master crashes. */
  private final boolean[] onCrashed = new boolean[KEYS];

  private volatile boolean killStarted;
  private volatile boolean killed;

  /** Failed calls, {start, end} in {@link System#nanoTime()}. */
  private final ConcurrentLinkedQueue<long[]> failures = new ConcurrentLinkedQueue<>();

  private final AtomicInteger phase = new AtomicInteger(BEFORE);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final long[][] ops = new long[3][2];
  private final long[][] errors = new long[3][2];
  private final ConcurrentLinkedQueue<String> wrongValues = new ConcurrentLinkedQueue<>();

  @Test
  void noWrongValueIsEverServedAndErrorsStayInsideAManualFailover() throws Exception {
    RedisClusterProcesses processes = CLUSTER.processes().orElseThrow();
    RedisServerProcess master = processes.masters().get(0);
    RedisServerProcess replica = processes.replicas().get(0);
    ExecutorService load = Executors.newFixedThreadPool(4);
    try (OnlineStore store = connect()) {
      List<Future<?>> workers = startLoad(load, store);
      awaitSteadyLoad(BEFORE);

      phase.set(DURING);
      long failoverStart = System.nanoTime();
      RedisClusterProcesses.admin(replica.port(), c -> c.clusterFailover(false));
      awaitMaster(replica);
      master.kill();
      processes.waitUntilHealthy();
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> everyKeyAnswers(store));
      long windowMillis = (System.nanoTime() - failoverStart) / 1_000_000;
      stopLoad(workers);

      print("Manual failover", windowMillis, 0);
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

  @Test
  void aCrashedMasterIsReplacedByItsReplicaWithNoWrongValueAndErrorsOnlyMeanwhile()
      throws Exception {
    RedisClusterProcesses processes = CLUSTER.processes().orElseThrow();
    // The second shard: the manual failover test uses the first.
    RedisServerProcess master = processes.masters().get(1);
    RedisServerProcess replica = processes.replicas().get(1);
    markCrashedKeys(master);
    ExecutorService load = Executors.newFixedThreadPool(4);
    try (OnlineStore store = connect()) {
      List<Future<?>> workers = startLoad(load, store);
      awaitSteadyLoad(BEFORE);

      phase.set(DURING);
      killStarted = true;
      long killStart = System.nanoTime();
      master.kill();
      killed = true;
      awaitMaster(replica);
      long promoted = System.nanoTime();
      processes.waitUntilHealthy();
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> everyKeyAnswers(store));
      long recovered = System.nanoTime();
      stopLoad(workers);

      List<OnlineRow> stored = decoded(store.read(keys(0, KEYS)).get(5, SECONDS));
      List<String> lost = new ArrayList<>();
      for (int k = 0; k < KEYS; k++) {
        long version = stored.get(k) == null ? 0 : stored.get(k).eventTimeMicros();
        if (version < acknowledged.get(k)) {
          lost.add("key " + k + ": acked " + acknowledged.get(k) + ", stored " + version);
          if (!onCrashed[k] || version < durable.get(k)) {
            wrongValues.add(
                "key "
                    + k
                    + ": acknowledged version "
                    + durable.get(k)
                    + " lost, though not sent to the crashed master before the kill");
          }
        }
      }
      print(
          "Crash (SIGKILL) of a master, promotion "
              + (promoted - killStart) / 1_000_000
              + " ms after the kill",
          (recovered - killStart) / 1_000_000,
          lost.size());
      System.out.println("acknowledged writes lost with the crashed master: " + lost);
      assertThat(wrongValues).isEmpty();
      assertThat(failures)
          .as("failed calls, each {start, end}: all during the failover")
          .allSatisfy(
              f -> {
                assertThat(f[1]).isGreaterThanOrEqualTo(killStart);
                assertThat(f[0]).isLessThanOrEqualTo(recovered);
              });
      assertThat(ops[BEFORE]).doesNotContain(0L);
      assertThat(ops[AFTER]).doesNotContain(0L);
      assertThat(stored).allSatisfy(row -> assertThat(row).isNotNull());
    } finally {
      running.set(false);
      load.shutdownNow();
    }
  }

  /** Waits until the replica has taken over its master's slots. */
  private static void awaitMaster(RedisServerProcess replica) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                RedisClusterProcesses.admin(
                    replica.port(), c -> c.info("replication").contains("role:master")));
  }

  private static OnlineStore connect() {
    return RedisOnlineStores.connect(
        CLUSTER
            .storeOptions()
            .commandTimeout(Duration.ofMillis(500))
            .topologyRefreshPeriod(Duration.ofSeconds(1))
            .build());
  }

  /** Two writers and two readers, until {@link #stopLoad}. */
  private List<Future<?>> startLoad(ExecutorService load, OnlineStore store) {
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      workers.add(load.submit(() -> writeUntilStopped(store)));
      workers.add(load.submit(() -> readUntilStopped(store)));
    }
    return workers;
  }

  /** Lets the load run steadily after the failover, then stops it. */
  private void stopLoad(List<Future<?>> workers) throws Exception {
    phase.set(AFTER);
    awaitSteadyLoad(AFTER);
    running.set(false);
    for (Future<?> worker : workers) {
      worker.get(30, SECONDS);
    }
  }

  private void print(String what, long windowMillis, int lostWrites) {
    System.out.printf(
        "%s under load: window %d ms; reads %d/%d/%d, read errors %d/%d/%d;"
            + " writes %d/%d/%d, write errors %d/%d/%d (before/during/after);"
            + " acknowledged writes lost %d; wrong values %d%n",
        what,
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
        lostWrites,
        wrongValues.size());
  }

  /** Marks the keys whose slots the master serves. */
  private void markCrashedKeys(RedisServerProcess master) {
    String id = RedisClusterProcesses.admin(master.port(), c -> c.clusterMyId());
    String nodes = RedisClusterProcesses.admin(master.port(), c -> c.clusterNodes());
    RedisClusterNode node = ClusterPartitionParser.parse(nodes).getPartitionByNodeId(id);
    RedisKeyLayout layout = new RedisKeyLayout();
    List<RowKey> keys = keys(0, KEYS);
    for (int k = 0; k < KEYS; k++) {
      onCrashed[k] = node.hasSlot(SlotHash.getSlot(layout.key(keys.get(k))));
    }
    assertThat(onCrashed).as("keys of the crashed master").contains(true, false);
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
      boolean sentAfterKill = killed;
      long start = System.nanoTime();
      try {
        store.write(view, rows).get(5, SECONDS);
        for (int i = 0; i < WRITE_BATCH; i++) {
          acknowledged.accumulateAndGet(keys[i], versions[i], Math::max);
          if (sentAfterKill || !onCrashed[keys[i]]) {
            durable.accumulateAndGet(keys[i], versions[i], Math::max);
          }
        }
        count(ops, p, 1);
      } catch (Exception e) {
        failures.add(new long[] {start, System.nanoTime()});
        count(errors, p, 1);
      }
    }
  }

  private void readUntilStopped(OnlineStore store) {
    while (running.get()) {
      int p = phase.get();
      int from = ThreadLocalRandom.current().nextInt(KEYS - READ_BATCH);
      long[] ackedBefore = new long[READ_BATCH];
      long[] durableBefore = new long[READ_BATCH];
      for (int i = 0; i < READ_BATCH; i++) {
        ackedBefore[i] = acknowledged.get(from + i);
        durableBefore[i] = durable.get(from + i);
      }
      long start = System.nanoTime();
      List<OnlineRow> rows;
      try {
        rows = decoded(store.read(keys(from, from + READ_BATCH)).get(5, SECONDS));
        count(ops, p, 0);
      } catch (Exception e) {
        failures.add(new long[] {start, System.nanoTime()});
        count(errors, p, 0);
        continue;
      }
      // Once a crash has begun, writes the crashed master acknowledged may be lost (see above).
      long[] floor = killStarted ? durableBefore : ackedBefore;
      for (int i = 0; i < READ_BATCH; i++) {
        check(from + i, floor[i], rows.get(i));
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
    store.write(view, probe).get(2, SECONDS);
    return store.read(keys(0, KEYS)).get(2, SECONDS).size() == KEYS;
  }

  private synchronized void count(long[][] counts, int phase, int kind) {
    counts[phase][kind]++;
  }

  private synchronized long answered(int phase, int kind) {
    return ops[phase][kind];
  }

  private List<RowKey> keys(int from, int to) {
    List<RowKey> keys = new ArrayList<>(to - from);
    for (int k = from; k < to; k++) {
      keys.add(new RowKey(view, List.of(str("k" + k))));
    }
    return keys;
  }

  private EntityRow row(int key, long version) {
    return new EntityRow(
        List.of(str("k" + key)),
        new OnlineRow(version, 0, List.of(i64(version), str("k" + key + "/" + version))));
  }
}
