package dev.larder.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the feature server. */
final class ServerOptions {

  @Mixin RedisOptions redisOptions;

  @Mixin OfflineRootOption offlineRoot;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "REST and actuator port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--grpc-port",
      paramLabel = "PORT",
      defaultValue = "6566",
      description = "gRPC port (default: ${DEFAULT-VALUE}).")
  int grpcPort;

  /**
   * The server's properties these options set: its Redis (or Redis Cluster) and its offline store,
   * which serves training sets and cold-start lookups.
   */
  Map<String, Object> serverProperties(LarderConfig config) {
    Map<String, Object> properties = new HashMap<>(redisOptions.serverProperties(config));
    properties.put("larder.offline.root", offlineRoot.root(config));
    return properties;
  }

  /** The Redis to use: see {@link RedisOptions#redis(LarderConfig)}. */
  String redis(LarderConfig config) {
    return redisOptions.redis(config);
  }
}
