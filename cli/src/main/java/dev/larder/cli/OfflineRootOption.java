package dev.larder.cli;

import picocli.CommandLine.Option;

/** The option of the commands that use the offline store (Delta). */
final class OfflineRootOption {

  @Option(
      names = "--offline-root",
      paramLabel = "DIR",
      description =
          "Offline store root (default: larder.yaml's offline_root, LARDER_OFFLINE_ROOT, or"
              + " .larder/offline/).")
  String offlineRoot;

  /** The offline store root: the option, else the config, else local mode's folder. */
  String root(LarderConfig config) {
    return offlineRoot != null ? offlineRoot : config.offlineRoot();
  }
}
