package dev.larder.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the feature server. */
final class ServerOptions {

  @Mixin RedisOptions redisOptions;

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

  /** The Redis to use: see {@link RedisOptions#redis(LarderConfig)}. */
  String redis(LarderConfig config) {
    return redisOptions.redis(config);
  }
}
