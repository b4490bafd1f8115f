package dev.larder.cli;

import dev.larder.registry.errors.LarderException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code larder serve}: the feature server, until stopped. */
@Command(name = "serve", description = "Start the feature server (gRPC 6566, REST 8080).")
final class ServeCommand implements Callable<Integer> {

  @Mixin ServerOptions options;

  @Override
  public Integer call() throws Exception {
    LarderConfig config = LarderConfig.load(Path.of("").toAbsolutePath(), System.getenv());
    Path definitions =
        options.definitions != null
            ? options.definitions
            : config
                .path("definitions")
                .orElseThrow(
                    () ->
                        new LarderException(
                            "no definitions: pass --definitions DIR, or set definitions in larder.yaml or LARDER_DEFINITIONS"));
    ServerRunner.awaitShutdown(
        ServerRunner.start(definitions, options.redis(config), options.httpPort, options.grpcPort));
    return 0;
  }
}
