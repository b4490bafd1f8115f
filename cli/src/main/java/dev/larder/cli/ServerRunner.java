package dev.larder.cli;

import dev.larder.server.LarderServer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/** Starts the feature server in this process with settings from the command line and config. */
final class ServerRunner {

  private ServerRunner() {}

  static ConfigurableApplicationContext start(
      String registryUrl, String redisUrl, int httpPort, int grpcPort) {
    return start(registryUrl, redisUrl, httpPort, grpcPort, Map.of());
  }

  /**
   * Starts the server.
   *
   * @param extra further Spring properties, e.g. log levels
   */
  static ConfigurableApplicationContext start(
      String registryUrl, String redisUrl, int httpPort, int grpcPort, Map<String, Object> extra) {
    Map<String, Object> properties = new LinkedHashMap<>(extra);
    properties.put("larder.redis.url", redisUrl);
    return start(registryUrl, httpPort, grpcPort, properties);
  }

  /**
   * Starts the server.
   *
   * @param properties further Spring properties: the Redis to use ({@code larder.redis.*}), log
   *     levels, …
   */
  static ConfigurableApplicationContext start(
      String registryUrl, int httpPort, int grpcPort, Map<String, Object> properties) {
    Map<String, Object> all = new LinkedHashMap<>(properties);
    all.put("larder.registry.url", registryUrl);
    all.put("larder.grpc.port", grpcPort);
    all.put("server.port", httpPort);
    // As command-line arguments, which outrank the server's application.yaml (server.port: 8080);
    // default properties would not.
    String[] args =
        all.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(LarderServer.class).run(args);
  }

  /** Blocks until the process is told to stop (Ctrl-C); the context closes in its shutdown hook. */
  static void awaitShutdown(ConfigurableApplicationContext context) throws InterruptedException {
    Object lock = new Object();
    context.addApplicationListener(
        event -> {
          if (event instanceof ContextClosedEvent) {
            synchronized (lock) {
              lock.notifyAll();
            }
          }
        });
    synchronized (lock) {
      while (context.isActive()) {
        lock.wait();
      }
    }
  }
}
