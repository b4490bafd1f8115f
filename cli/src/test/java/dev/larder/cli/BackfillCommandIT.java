package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.pipelines.batch.BackfillJob;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code larder backfill} end to end: registry, JSON-lines source, in-process Flink or a Flink
 * cluster (a MiniCluster behind its REST endpoint), Delta.
 */
class BackfillCommandIT {

  @TempDir Path dir;
  private String registryUrl;

  @BeforeEach
  void applyAProject() throws IOException {
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo);
    Path data = dir.resolve("orders.jsonl");
    Files.writeString(
        repo.resolve("defs.yaml"),
        """
        project: shop
        entities:
          - name: customer
            join_keys: [{name: customer_id, type: STRING}]
        sources:
          - name: orders
            timestamp_field: event_time
            id_field: order_id
            schema: {order_id: STRING, customer_id: STRING, order_value: DOUBLE, event_time: TIMESTAMP}
            batch: {path: %s, format: jsonl}
        feature_views:
          - name: customer_stats
            version: 1
            entities: [customer]
            source: orders
            features:
              - {name: orders_1d, type: INT64, aggregation: {function: COUNT, window: 1d}}
              - {name: value_1d, type: DOUBLE, aggregation: {function: SUM, column: order_value, window: 1d}}
        """
            .formatted(data));
    Files.write(
        data,
        List.of(
            "{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"order_value\":10.5,\"event_time\":\"2026-11-01T10:00:00Z\"}",
            "{\"order_id\":\"o2\",\"customer_id\":\"c1\",\"order_value\":2,\"event_time\":\"2026-11-01T11:00:00Z\"}",
            "{\"order_id\":\"o2\",\"customer_id\":\"c1\",\"order_value\":2,\"event_time\":\"2026-11-01T11:00:00Z\"}",
            "{\"order_id\":\"o3\",\"customer_id\":\"c2\",\"order_value\":\"lots\",\"event_time\":\"2026-11-01T12:00:00Z\"}"));
    registryUrl = "jdbc:sqlite:" + dir.resolve("registry.db");
    assertThat(larder("apply", repo.toString()).exit()).isZero();
  }

  @Test
  void backfillPrintsCountsAndWritesTheTable() {
    CliRun run = backfillOneDay();

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Backfilling customer_stats@v1 [2026-11-01T00:00:00Z, 2026-11-02T00:00:00Z)")
        .contains(
            "read 4 events: 3 good, 1 bad (dead letters: "
                + dir.resolve("offline/_dead_letters/shop/customer_stats"))
        .contains("1 duplicates dropped")
        .contains("wrote 2 rows to Delta table version 0");
    assertThat(dir.resolve("offline/shop/customer_stats/v1/_delta_log")).isDirectory();
  }

  @Test
  void backfillsOnAFlinkClusterGivenItsRestAddressAndTheJobJar() throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
    try (MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build())) {
      cluster.start();
      URI rest = cluster.getRestAddress().get(30, TimeUnit.SECONDS);

      CliRun run =
          backfillOneDay(
              "--flink-rest",
              rest.getHost() + ":" + rest.getPort(),
              "--job-jar",
              pipelinesJar().toString());

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).contains("wrote 2 rows to Delta table version 0");
      assertThat(cluster.listJobs().get(30, TimeUnit.SECONDS))
          .singleElement()
          .satisfies(
              job -> {
                assertThat(job.getJobName()).startsWith("larder backfill customer_stats@v1 ");
                assertThat(job.getJobState()).isEqualTo(JobStatus.FINISHED);
              });
    }
  }

  @Test
  void refusesAClusterWithoutJobJarOrWithAMalformedAddress() throws IOException {
    String[] range = {"--start", "2026-11-01", "--end", "2026-11-02"};
    CliRun noJar =
        larder(concat("backfill", "customer_stats", "--flink-rest", "flink:8081"), range);
    assertThat(noJar.exit()).isEqualTo(1);
    assertThat(noJar.err()).contains("--flink-rest needs --job-jar");

    Path jar = Files.createFile(dir.resolve("job.jar"));
    CliRun badAddress =
        larder(
            concat(
                "backfill", "customer_stats", "--flink-rest", "flink", "--job-jar", jar.toString()),
            range);
    assertThat(badAddress.exit()).isEqualTo(1);
    assertThat(badAddress.err()).contains("--flink-rest 'flink' is not HOST:PORT");
  }

  @Test
  void failsWithOneLineReasonForAnUnknownViewOrBadTime() {
    CliRun unknown = larder("backfill", "nope", "--start", "2026-11-01", "--end", "2026-11-02");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err().strip()).isEqualTo("larder: project shop has no feature view 'nope'");

    CliRun badTime =
        larder("backfill", "customer_stats", "--start", "yesterday", "--end", "2026-11-02");
    assertThat(badTime.exit()).isEqualTo(2);
    assertThat(badTime.err())
        .startsWith(
            "Invalid value for option '--start': 'yesterday' is not a time: expected e.g."
                + " 2026-11-23T12:00:00Z, 2026-11-23 or now");
  }

  private CliRun larder(String... args) {
    return CliRun.larder(registryUrl, args);
  }

  /** Backfills customer_stats over 2026-11-01 into {@code dir/offline}, with more options. */
  private CliRun backfillOneDay(String... options) {
    String[] command = {
      "backfill",
      "customer_stats",
      "--start",
      "2026-11-01",
      "--end",
      "2026-11-02",
      "--offline-root",
      dir.resolve("offline").toString()
    };
    return larder(command, options);
  }

  private CliRun larder(String[] command, String[] more) {
    return larder(concat(command, more));
  }

  private static String[] concat(String... parts) {
    return parts;
  }

  private static String[] concat(String[] a, String[] b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }

  /**
   * The pipelines' classes as a jar, as the cluster gets them: the module's jar when the build
   * packaged it, else one made here from its classes directory.
   */
  private Path pipelinesJar() throws IOException {
    Path location;
    try {
      location =
          Path.of(BackfillJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (Files.isRegularFile(location)) {
      return location;
    }
    Path jar = dir.resolve("pipelines.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(location)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(location.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
