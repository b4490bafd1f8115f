package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.TransactionId;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** larder training-set against a real registry and Delta tables, on both engines. */
class TrainingSetCommandIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;
  private String registryUrl;
  private Path offlineRoot;
  private Path entities;

  @BeforeEach
  void applyAndWriteRows() throws Exception {
    registryUrl = "jdbc:sqlite:" + dir.resolve("registry.db");
    offlineRoot = dir.resolve("offline");
    FeatureView view =
        ShopRegistry.apply(
            dir,
            registryUrl,
            """
                feature_views:
                  - name: customer_items
                    version: 1
                    entities: [customer]
                    source: orders
                    ttl: 1h
                    features:
                      - {name: items, type: INT32, column: items}
                feature_services:
                  - name: basket
                    features: ["customer_items:items"]
                """);
    OfflineStore offline =
        DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(offlineRoot).build());
    offline.append(
        view,
        List.of(
            ShopRegistry.row("c1", "2026-11-20T08:00:00Z", 1),
            ShopRegistry.row("c1", "2026-11-20T09:00:00Z", 2)),
        new TransactionId("test", 1));
    entities = dir.resolve("entities.csv");
    Files.writeString(
        entities,
        "customer_id,event_timestamp,label\n"
            + "c1,2026-11-20T08:30:00Z,yes\n"
            + "c2,2026-11-20T09:00:00Z,no\n"
            + "c1,2026-11-20T10:00:00Z,yes\n"
            + "c1,2026-11-20T10:00:00.000001Z,no\n");
  }

  private CliRun larder(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--offline-root", offlineRoot.toString()));
    return CliRun.larder(registryUrl, all.toArray(String[]::new));
  }

  @Test
  void bothEnginesWriteTheSameTrainingSetAndItsLineage() throws Exception {
    Path local = dir.resolve("local.csv");
    Path flink = dir.resolve("flink.csv");

    CliRun run =
        larder(
            "training-set",
            "--entities",
            entities.toString(),
            "--features",
            "customer_items:items",
            "--out",
            local.toString(),
            "--full-feature-names");
    CliRun onFlink =
        larder(
            "training-set",
            "--entities",
            entities.toString(),
            "--feature-service",
            "basket",
            "--out",
            flink.toString(),
            "--full-feature-names",
            "--engine",
            "flink");

    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("Wrote 4 rows to " + local)
        .contains("customer_items@v1  delta v0  items")
        .contains("Lineage: " + local + ".lineage.json");
    assertThat(Files.readAllLines(local, StandardCharsets.UTF_8))
        .containsExactly(
            "customer_id,event_timestamp,label,customer_items__items",
            "c1,2026-11-20T08:30:00Z,yes,1",
            "c2,2026-11-20T09:00:00Z,no,",
            "c1,2026-11-20T10:00:00Z,yes,2",
            "c1,2026-11-20T10:00:00.000001Z,no,");
    assertThat(onFlink.err()).isEmpty();
    assertThat(onFlink.exit()).isZero();
    assertThat(Files.readAllBytes(flink)).isEqualTo(Files.readAllBytes(local));
    assertThat(Files.readString(dir.resolve("local.csv.lineage.json")))
        .contains("\"tableVersion\": 0");
  }

  @Test
  void badRequestsExitNonZeroWithTheReason() {
    CliRun unknown = larder(unknownFeature());
    CliRun noFile =
        larder(
            "training-set",
            "--entities",
            dir.resolve("missing.csv").toString(),
            "--features",
            "customer_items:items",
            "--out",
            dir.resolve("x.csv").toString());

    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("has no feature 'nope'");
    assertThat(noFile.exit()).isEqualTo(1);
    assertThat(noFile.err()).contains("entities: no such file");
  }

  @Test
  void aRunningServerMakesTheSameTrainingSet() throws Exception {
    Path local = dir.resolve("local.parquet");
    Path remote = dir.resolve("remote.parquet");
    List<String> request =
        List.of(
            "training-set",
            "--entities",
            entities.toString(),
            "--features",
            "customer_items:items",
            "--full-feature-names");
    CliRun here = larder(with(request, "--out", local.toString()));
    String url;
    CliRun there;
    CliRun unknown;
    CliRun ownRegistry;
    CliRun onFlink;
    try (ConfigurableApplicationContext server =
        ServerRunner.start(
            registryUrl,
            REDIS.uri(),
            0,
            0,
            Map.of("larder.offline.root", offlineRoot.toString()))) {
      url = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
      there = CliRun.of(with(request, "--out", remote.toString(), "--server", url));
      unknown = CliRun.of(with(List.of(unknownFeature()), "--server", url));
      ownRegistry =
          CliRun.of(
              with(
                  request,
                  "--out",
                  remote.toString(),
                  "--server",
                  url,
                  "--registry-url",
                  registryUrl));
      onFlink =
          CliRun.of(
              with(request, "--out", remote.toString(), "--server", url, "--engine", "flink"));
    }
    CliRun noServer = CliRun.of(with(request, "--out", remote.toString(), "--server", url));

    assertThat(here.exit()).isZero();
    assertThat(there.err()).isEmpty();
    assertThat(there.exit()).isZero();
    assertThat(there.out())
        .contains("Wrote 4 rows to " + remote)
        .contains("engine local on " + url)
        .contains("customer_items@v1  delta v0  items")
        .contains("Lineage: " + remote + ".lineage.json");
    assertThat(Files.readAllBytes(remote)).isEqualTo(Files.readAllBytes(local));
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err())
        .contains("the feature server refused the training set (HTTP 404)")
        .contains("has no feature 'nope'");
    assertThat(ownRegistry.exit()).isEqualTo(1);
    assertThat(ownRegistry.err()).contains("drop --registry-url and --offline-root");
    assertThat(onFlink.exit()).isEqualTo(1);
    assertThat(onFlink.err()).contains("the feature server runs the local engine");
    assertThat(noServer.exit()).isEqualTo(1);
    assertThat(noServer.err()).contains("cannot reach the feature server at " + url);
  }

  /** A training set of a feature the view does not have. */
  private String[] unknownFeature() {
    return new String[] {
      "training-set",
      "--entities",
      entities.toString(),
      "--features",
      "customer_items:nope",
      "--out",
      dir.resolve("x.csv").toString()
    };
  }

  private static String[] with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
