package dev.larder.benchmarks.load;

import dev.larder.benchmarks.workload.BenchWorkload;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: the raw Redis work of a serving request and nothing else. One {@code MGET} of the
 * same 25 x batch keys the server reads (view by view, entity by entity), on one shared async
 * Lettuce connection, with no decoding of the values.
 *
 * <p>The keys reproduce the online store's layout {@code {project}:{view}:v{N}:{entity}} (DESIGN
 * §4; {@code RedisKeyLayout} is internal to feature-storage). The benchmark's names need no
 * escaping and its entity is one INT64 in decimal, so the key is plain ASCII; {@link #verify}
 * asserts that every key exists, which fails at once if the layouts ever diverge. Thread-safe.
 */
public final class RedisMgetTarget implements LookupTarget<List<KeyValue<byte[], byte[]>>> {

  /** The newest-wins row header: format version and two timestamps. */
  private static final int ROW_HEADER_BYTES = 17;

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisAsyncCommands<byte[], byte[]> commands;
  private final byte[][] prefixes;

  private RedisMgetTarget(
      ClientResources resources, RedisClient client, StatefulRedisConnection<byte[], byte[]> c) {
    this.resources = resources;
    this.client = client;
    this.connection = c;
    this.commands = c.async();
    this.prefixes = new byte[BenchWorkload.VIEWS][];
    for (int v = 0; v < BenchWorkload.VIEWS; v++) {
      prefixes[v] = prefix(BenchWorkload.PROJECT, BenchWorkload.viewName(v), 1);
    }
  }

  /**
   * Connects to Redis; every command fails after {@code timeout}. Blocks at most {@code timeout}.
   *
   * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
   */
  public static RedisMgetTarget connect(String redisUrl, Duration timeout) {
    RedisURI uri = RedisURI.create(redisUrl);
    uri.setTimeout(timeout);
    ClientResources resources = DefaultClientResources.create();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(timeout)).build());
    try {
      return new RedisMgetTarget(resources, client, client.connect(ByteArrayCodec.INSTANCE));
    } catch (RuntimeException e) {
      client.shutdown();
      resources.shutdown();
      throw e;
    }
  }

  /** {@code {project}:{view}:v{N}:} for names that need no escaping. */
  static byte[] prefix(String project, String view, int version) {
    for (String name : List.of(project, view)) {
      if (!name.matches("[A-Za-z0-9_]+")) {
        throw new IllegalArgumentException("'" + name + "' would need escaping in a Redis key");
      }
    }
    return (project + ":" + view + ":v" + version + ":").getBytes(StandardCharsets.US_ASCII);
  }

  /** The key of an INT64 entity: the prefix, then the id in decimal. */
  static byte[] key(byte[] prefix, long entityId) {
    byte[] id = Long.toString(entityId).getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[prefix.length + id.length];
    System.arraycopy(prefix, 0, key, 0, prefix.length);
    System.arraycopy(id, 0, key, prefix.length, id.length);
    return key;
  }

  @Override
  public String name() {
    return "Redis MGET (baseline)";
  }

  @Override
  public CompletableFuture<List<KeyValue<byte[], byte[]>>> lookup(long[] entityIds) {
    int n = entityIds.length;
    byte[][] keys = new byte[prefixes.length * n][];
    for (int v = 0; v < prefixes.length; v++) {
      for (int r = 0; r < n; r++) {
        keys[v * n + r] = key(prefixes[v], entityIds[r]);
      }
    }
    return commands.mget(keys).toCompletableFuture();
  }

  @Override
  public long verify(long[] entityIds, List<KeyValue<byte[], byte[]>> answer) {
    int n = entityIds.length;
    if (answer.size() != prefixes.length * n) {
      throw new VerificationException(
          name() + ": MGET of " + prefixes.length * n + " keys answered " + answer.size());
    }
    for (int i = 0; i < answer.size(); i++) {
      KeyValue<byte[], byte[]> kv = answer.get(i);
      if (!kv.hasValue() || kv.getValue().length <= ROW_HEADER_BYTES) {
        String key = new String(key(prefixes[i / n], entityIds[i % n]), StandardCharsets.US_ASCII);
        throw new VerificationException(
            name()
                + ": key "
                + key
                + (kv.hasValue() ? " holds no feature row" : " is missing")
                + "; the baseline's keys do not match the online store's layout, or the data"
                + " is not loaded");
      }
    }
    return (long) answer.size() * BenchWorkload.FEATURES_PER_VIEW;
  }

  /**
   * The fields of Redis's {@code INFO} sections, e.g. {@code used_memory_human} of "memory". Blocks
   * for at most the command timeout.
   */
  public Map<String, String> info(String section) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : connection.sync().info(section).split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return fields;
  }

  /**
   * The CPU time (user + system, all its threads) Redis has spent since it started, from {@code
   * INFO cpu}, in nanoseconds; microsecond resolution.
   */
  public long cpuNanos() {
    Map<String, String> cpu = info("cpu");
    return Math.round((seconds(cpu, "used_cpu_user") + seconds(cpu, "used_cpu_sys")) * 1e9);
  }

  private static double seconds(Map<String, String> info, String field) {
    String value = info.get(field);
    if (value == null) {
      throw new IllegalStateException("Redis' INFO cpu has no " + field + ": " + info.keySet());
    }
    return Double.parseDouble(value);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(0, 2, TimeUnit.SECONDS);
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(2_000);
  }
}
