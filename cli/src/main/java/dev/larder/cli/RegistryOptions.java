package dev.larder.cli;

import dev.larder.registry.Registry;
import dev.larder.registry.store.Registries;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that read or change the registry. */
final class RegistryOptions {

  @Option(
      names = "--registry-url",
      paramLabel = "URL",
      description =
          "Registry to use (default: larder.yaml's registry_url, LARDER_REGISTRY_URL, or .larder/registry.db).")
  String registryUrl;

  LarderConfig config() {
    return LarderConfig.load(Path.of("").toAbsolutePath(), System.getenv());
  }

  /** The registry's URL: the option, else the config, else local mode's SQLite file. */
  String url(LarderConfig config) {
    return registryUrl != null ? registryUrl : config.registryUrl();
  }

  Registry open() {
    return Registries.open(url(config()));
  }

  /** Who applies, as the history records it: user and host. */
  static String appliedBy() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return System.getProperty("user.name", "unknown") + "@" + host;
  }
}
