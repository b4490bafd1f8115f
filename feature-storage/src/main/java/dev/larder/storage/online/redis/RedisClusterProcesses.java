package dev.larder.storage.online.redis;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A private Redis Cluster of {@code redis-server} child processes on free ports of 127.0.0.1, set
 * up without {@code redis-cli}: the masters share the 16384 slots evenly and each has its replicas.
 * What tests and benchmarks run when no cluster is given. Nodes can be killed and started again.
 * Not thread-safe.
 */
public final class RedisClusterProcesses implements AutoCloseable {

  /** How long a node may be unreachable before the cluster counts it as failed. */
  public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(3);

  private static final int SLOTS = 16384;
  private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

  private final List<RedisServerProcess> masters;
  private final List<RedisServerProcess> replicas;

  private RedisClusterProcesses(
      List<RedisServerProcess> masters, List<RedisServerProcess> replicas) {
    this.masters = masters;
    this.replicas = replicas;
  }

  /**
   * Starts the processes in {@code dir}, forms the cluster and waits until every node reports
   * {@code cluster_state:ok} and every replica is in sync with its master.
   *
   * @throws IllegalStateException when a process does not start or the cluster does not form in
   *     time; every process started is stopped
   */
  public static RedisClusterProcesses start(
      Path dir, int masterCount, int replicasPerMaster, Duration nodeTimeout) {
    List<String> args =
        List.of(
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            "nodes-PORT.conf",
            "--cluster-node-timeout",
            Long.toString(nodeTimeout.toMillis()));
    List<RedisServerProcess> masters = new ArrayList<>();
    List<RedisServerProcess> replicas = new ArrayList<>();
    RedisClusterProcesses cluster = new RedisClusterProcesses(masters, replicas);
    try {
      for (int m = 0; m < masterCount; m++) {
        masters.add(RedisServerProcess.start(dir, args));
      }
      for (int r = 0; r < masterCount * replicasPerMaster; r++) {
        replicas.add(RedisServerProcess.start(dir, args));
      }
      cluster.form(replicasPerMaster);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void form(int replicasPerMaster) {
    List<String> masterIds = new ArrayList<>();
    for (int m = 0; m < masters.size(); m++) {
      int from = m * SLOTS / masters.size();
      int to = (m + 1) * SLOTS / masters.size() - 1;
      int epoch = m + 1;
      masterIds.add(
          admin(
              masters.get(m).port(),
              c -> {
                c.clusterAddSlotsRange(Range.create(from, to));
                c.clusterSetConfigEpoch(epoch);
                return c.clusterMyId();
              }));
    }
    int first = masters.get(0).port();
    for (RedisServerProcess node : all()) {
      if (node.port() != first) {
        admin(node.port(), c -> c.clusterMeet("127.0.0.1", first));
      }
    }
    for (RedisServerProcess node : all()) {
      waitFor(
          "node " + node.port() + " to see all " + all().size() + " nodes",
          () -> admin(node.port(), c -> c.clusterNodes().lines().count()) == all().size());
    }
    for (int r = 0; r < replicas.size(); r++) {
      String masterId = masterIds.get(r / replicasPerMaster);
      admin(replicas.get(r).port(), c -> c.clusterReplicate(masterId));
    }
    waitUntilHealthy();
  }

  /**
   * Waits until every running node reports {@code cluster_state:ok} and every running replica's
   * link to its master is up.
   */
  public void waitUntilHealthy() {
    for (RedisServerProcess node : all()) {
      if (!node.isRunning()) {
        continue;
      }
      waitFor(
          "node " + node.port() + " to report cluster_state:ok",
          () -> admin(node.port(), c -> c.clusterInfo().contains("cluster_state:ok")));
      waitFor(
          "node " + node.port() + " to be a master or an in-sync replica",
          () ->
              admin(
                  node.port(),
                  c -> {
                    String info = c.info("replication");
                    return info.contains("role:master") || info.contains("master_link_status:up");
                  }));
    }
  }

  /** Seed nodes, {@code 127.0.0.1:PORT}, masters first. */
  public List<String> nodes() {
    return all().stream().map(n -> "127.0.0.1:" + n.port()).toList();
  }

  /** The processes that started as masters, in slot order (the roles change on failover). */
  public List<RedisServerProcess> masters() {
    return List.copyOf(masters);
  }

  /** The processes that started as replicas. */
  public List<RedisServerProcess> replicas() {
    return List.copyOf(replicas);
  }

  /** Every node, masters first. */
  public List<RedisServerProcess> all() {
    List<RedisServerProcess> all = new ArrayList<>(masters);
    all.addAll(replicas);
    return all;
  }

  /** Runs admin commands on the node at {@code port} over a connection of its own. */
  public static <T> T admin(int port, Function<RedisCommands<String, String>, T> work) {
    RedisClient client =
        RedisClient.create(
            RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(port)
                .withTimeout(ADMIN_TIMEOUT)
                .build());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return work.apply(connection.sync());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static void waitFor(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // A node that is still starting or joining may refuse the question: ask again.
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("gave up waiting " + FORM_TIMEOUT + " for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Stops every process. */
  @Override
  public void close() {
    all().forEach(RedisServerProcess::stop);
  }
}
