package dev.larder.cli;

import dev.larder.registry.errors.LarderException;
import dev.larder.storage.online.redis.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Local mode's private Redis: a {@code redis-server} under {@code .larder/redis/}, started on a
 * free port the first time and reused while it answers. It keeps running after the command exits,
 * like a local database, so the data pushed by one command is there for the next; {@code redis-cli
 * -p PORT shutdown} stops it.
 */
final class LocalRedis {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path dir;

  LocalRedis(Path localDir) {
    this.dir = localDir.resolve("redis");
  }

  /**
   * Returns the URL of the private Redis, starting it when it is not running.
   *
   * @throws LarderException when redis-server is not installed or does not come up
   */
  String ensureRunning() {
    Optional<Integer> known = readPort();
    if (known.isPresent() && RedisServerProcess.answersPing("127.0.0.1", known.get())) {
      return url(known.get());
    }
    int port = RedisServerProcess.freePort();
    try {
      Files.createDirectories(dir);
      Process p =
          new ProcessBuilder(
                  List.of(
                      "redis-server",
                      "--port",
                      Integer.toString(port),
                      "--bind",
                      "127.0.0.1",
                      "--dir",
                      dir.toAbsolutePath().toString(),
                      "--daemonize",
                      "yes",
                      "--pidfile",
                      dir.resolve("redis.pid").toAbsolutePath().toString(),
                      "--logfile",
                      dir.resolve("redis.log").toAbsolutePath().toString(),
                      "--save",
                      "60 1000",
                      "--appendonly",
                      "no"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.waitFor();
    } catch (IOException e) {
      throw new LarderException(
          "cannot start redis-server ("
              + e.getMessage()
              + "): install it (apt-get install redis-server) "
              + "or set LARDER_REDIS_URL",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LarderException("interrupted while starting redis-server", e);
    }
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!RedisServerProcess.answersPing("127.0.0.1", port)) {
      if (Instant.now().isAfter(deadline)) {
        throw new LarderException(
            "redis-server did not answer on port "
                + port
                + " within "
                + START_TIMEOUT.toSeconds()
                + " s; see "
                + dir.resolve("redis.log"));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LarderException("interrupted while waiting for redis-server", e);
      }
    }
    writePort(port);
    return url(port);
  }

  private static String url(int port) {
    return "redis://127.0.0.1:" + port;
  }

  private Optional<Integer> readPort() {
    try {
      return Optional.of(Integer.parseInt(Files.readString(dir.resolve("port")).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void writePort(int port) {
    try {
      Files.writeString(dir.resolve("port"), Integer.toString(port));
    } catch (IOException e) {
      throw new LarderException("cannot write " + dir.resolve("port") + ": " + e.getMessage(), e);
    }
  }
}
