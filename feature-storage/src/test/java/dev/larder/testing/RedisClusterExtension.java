package dev.larder.testing;

import dev.larder.storage.online.redis.RedisClusterProcesses;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisServerProcess;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A real Redis Cluster (3 masters, each with one replica) for integration tests, found in this
 * order:
 *
 * <ol>
 *   <li>the seed nodes in the environment variable {@value #NODES_ENV}, comma-separated {@code
 *       host:port} (a cluster the tests may flush);
 *   <li>six private {@code redis-server} processes on free ports, formed into a cluster.
 * </ol>
 *
 * <p>{@code new RedisClusterExtension()} shares one local cluster among every test class of the JVM
 * (forming one takes a few seconds), stopped when the JVM exits; {@link #ownCluster(Duration)}
 * starts one for a single class, whose nodes that class may kill ({@link #processes()}). Register
 * as a static {@code @RegisterExtension} field, or call {@link #start()} and {@link #close()}. Not
 * meant for use from several threads at once.
 */
public final class RedisClusterExtension
    extends RedisBackendFixture<
        RedisClusterClient, StatefulRedisClusterConnection<String, String>> {

  /** The environment variable naming seed nodes of an existing cluster to test against. */
  public static final String NODES_ENV = "LARDER_TEST_REDIS_CLUSTER_NODES";

  private static final int MASTERS = 3;
  private static final int REPLICAS_PER_MASTER = 1;
  private static final String TEMP_DIR_PREFIX = "larder-redis-cluster-";

  private static RedisClusterProcesses shared;

  private final boolean own;
  private final Duration nodeTimeout;
  private List<String> nodes;
  private RedisClusterProcesses processes;

  /** The cluster shared by the JVM's test classes. */
  public RedisClusterExtension() {
    this(false, RedisClusterProcesses.DEFAULT_NODE_TIMEOUT);
  }

  private RedisClusterExtension(boolean own, Duration nodeTimeout) {
    super(NODES_ENV);
    this.own = own;
    this.nodeTimeout = nodeTimeout;
  }

  /**
   * A local cluster of this class's own, whose nodes the class may stop and kill.
   *
   * @param nodeTimeout how long a node may be unreachable before the cluster counts it as failed
   *     and promotes its replica
   */
  public static RedisClusterExtension ownCluster(Duration nodeTimeout) {
    return new RedisClusterExtension(true, nodeTimeout);
  }

  @Override
  protected boolean isStarted() {
    return nodes != null;
  }

  @Override
  protected void useExisting(String url) {
    nodes = Arrays.stream(url.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** No cluster image is used: the local processes are as quick and need no Docker. */
  @Override
  protected void startContainer() {
    startLocal();
  }

  @Override
  protected void startLocal() {
    if (RedisServerProcess.findBinary().isEmpty()) {
      throw new IllegalStateException(
          "No Redis Cluster for integration tests: "
              + NODES_ENV
              + " is not set and there is no redis-server on the PATH. Install redis-server"
              + " (Debian/Ubuntu: apt-get install redis-server), or set "
              + NODES_ENV
              + "=host:port,... to a cluster the tests may flush.");
    }
    if (own) {
      processes = startInTempDir(TEMP_DIR_PREFIX, this::start);
      nodes = processes.nodes();
      return;
    }
    synchronized (RedisClusterExtension.class) {
      if (shared == null) {
        Path dir = TempDirs.create(TEMP_DIR_PREFIX);
        RedisClusterProcesses cluster = start(dir);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      cluster.close();
                      TempDirs.deleteRecursively(dir);
                    },
                    "larder-redis-cluster-stop"));
        shared = cluster;
      }
      nodes = shared.nodes();
    }
  }

  private RedisClusterProcesses start(Path dir) {
    return RedisClusterProcesses.start(dir, MASTERS, REPLICAS_PER_MASTER, nodeTimeout);
  }

  /** Seed nodes, {@code host:port}. */
  public List<String> nodes() {
    started();
    return nodes;
  }

  /** The processes of an {@link #ownCluster(Duration)} started locally; empty otherwise. */
  public Optional<RedisClusterProcesses> processes() {
    return Optional.ofNullable(processes);
  }

  @Override
  public boolean isCluster() {
    return true;
  }

  @Override
  public RedisOnlineStoreOptions.Builder storeOptions() {
    return RedisOnlineStoreOptions.builder().clusterNodes(nodes());
  }

  @Override
  public RedisAdvancedClusterCommands<String, String> commands() {
    started();
    return admin().sync();
  }

  @Override
  protected RedisClusterClient newAdminClient() {
    return RedisClusterClient.create(seeds());
  }

  @Override
  protected StatefulRedisClusterConnection<String, String> connectAdmin(RedisClusterClient client) {
    return client.connect();
  }

  @Override
  public void resetStats() {
    eachNode().forEach(n -> admin().getConnection(n.getNodeId()).sync().configResetstat());
  }

  @Override
  public byte[] rawValue(String key) {
    RedisClusterClient client = RedisClusterClient.create(seeds());
    try (StatefulRedisClusterConnection<byte[], byte[]> raw =
        client.connect(ByteArrayCodec.INSTANCE)) {
      return raw.sync().get(key.getBytes(StandardCharsets.UTF_8));
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Override
  public long commandCalls(String command) {
    return eachNode().stream()
        .filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM))
        .mapToLong(
            n ->
                RedisBackend.callsIn(
                    admin().getConnection(n.getNodeId()).sync().info("commandstats"), command))
        .sum();
  }

  private List<RedisURI> seeds() {
    return nodes.stream()
        .map(
            n ->
                RedisURI.builder(RedisURI.create("redis://" + n))
                    .withTimeout(Duration.ofSeconds(10))
                    .build())
        .toList();
  }

  private List<RedisClusterNode> eachNode() {
    started();
    adminClient().refreshPartitions();
    return adminClient().getPartitions().stream()
        .filter(n -> n.isConnected() && !n.is(RedisClusterNode.NodeFlag.FAIL))
        .toList();
  }

  /** Closes the admin connection; stops the cluster if it is this class's own. */
  @Override
  public void close() {
    super.close();
    processes = null;
    nodes = null;
  }

  private void started() {
    if (nodes == null) {
      throw new IllegalStateException(
          "The Redis Cluster is not started: register the extension as a static"
              + " @RegisterExtension field, or call start()");
    }
  }
}
