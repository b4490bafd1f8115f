package dev.larder.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code larder serve}: the feature server, until stopped. */
@Command(name = "serve", description = "Start the feature server (gRPC 6566, REST 8080).")
final class ServeCommand implements Callable<Integer> {

  @Mixin ServerOptions options;
  @Mixin RegistryOptions registry;

  @Override
  public Integer call() throws Exception {
    LarderConfig config = registry.config();
    ServerRunner.awaitShutdown(
        ServerRunner.start(
            registry.url(config),
            options.httpPort,
            options.grpcPort,
            options.serverProperties(config)));
    return 0;
  }
}
