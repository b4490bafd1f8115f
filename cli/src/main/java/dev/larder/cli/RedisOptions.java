package dev.larder.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** The option of the commands that use the online store (Redis). */
final class RedisOptions {

  @Option(
      names = "--redis-url",
      paramLabel = "URL",
      description =
          "Redis to use (default: larder.yaml's redis_url, LARDER_REDIS_URL, or a private redis-server under .larder/).")
  String redisUrl;

  /** The Redis to use: the option, else the config, else local mode's private redis-server. */
  String redis(LarderConfig config) {
    return Optional.ofNullable(redisUrl)
        .or(() -> config.get("redis_url"))
        .orElseGet(() -> new LocalRedis(config.localDir()).ensureRunning());
  }
}
