package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RedisOptionsTest {

  @TempDir Path dir;

  @Test
  void clusterNodesFromLarderYamlPointTheServerAndTheStoreAtTheCluster() throws Exception {
    Files.writeString(
        dir.resolve("larder.yaml"), "redis_cluster_nodes: 10.0.0.1:7000, 10.0.0.2:7001\n");
    LarderConfig config = LarderConfig.load(dir, Map.of());
    RedisOptions options = parse();

    assertThat(options.clusterNodes(config)).containsExactly("10.0.0.1:7000", "10.0.0.2:7001");
    assertThat(options.serverProperties(config))
        .containsExactly(Map.entry("larder.redis.cluster.nodes", "10.0.0.1:7000,10.0.0.2:7001"));
    assertThat(options.storeOptions(config).build().clusterNodes())
        .containsExactly("redis://10.0.0.1:7000", "redis://10.0.0.2:7001");
  }

  @Test
  void theOptionOutranksTheConfigAndNoNodesMeansOneServer() {
    LarderConfig config =
        LarderConfig.load(dir, Map.of("LARDER_REDIS_CLUSTER_NODES", "10.0.0.9:1"));

    assertThat(parse("--redis-cluster-nodes", "h1:1,h2:2").clusterNodes(config))
        .containsExactly("h1:1", "h2:2");

    LarderConfig single = LarderConfig.load(dir, Map.of("LARDER_REDIS_URL", "redis://r:6390"));
    RedisOptions options = parse();
    assertThat(options.clusterNodes(single)).isEmpty();
    assertThat(options.serverProperties(single))
        .containsExactly(Map.entry("larder.redis.url", "redis://r:6390"));
    assertThat(options.storeOptions(single).build().isCluster()).isFalse();
  }

  private static RedisOptions parse(String... args) {
    RedisOptions options = new RedisOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }
}
