package dev.larder.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the feature server. */
final class ServerOptions {

  @Option(
      names = "--redis-url",
      paramLabel = "URL",
      description =
          "Redis to use (default: larder.yaml's redis_url, LARDER_REDIS_URL, or a private redis-server under .larder/).")
  String redisUrl;

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

  /** The Redis to use: the option, else the config, else local mode's private redis-server. */
  String redis(LarderConfig config) {
    return Optional.ofNullable(redisUrl)
        .or(() -> config.get("redis_url"))
        .orElseGet(() -> new LocalRedis(config.localDir()).ensureRunning());
  }
}
