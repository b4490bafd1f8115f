package dev.larder.cli;

import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import picocli.CommandLine.Option;

/** {@code --offline-root DIR}: where the commands that read or write Delta tables find them. */
final class OfflineRootOption {

  @Option(
      names = "--offline-root",
      paramLabel = "DIR",
      description =
          "Offline store root (default: larder.yaml's offline_root, LARDER_OFFLINE_ROOT, or"
              + " .larder/offline/).")
  String offlineRoot;

  /**
   * The root: the option's value (a URI with a scheme kept as it is, a path resolved against the
   * working directory), else the configuration's.
   */
  String root(LarderConfig config) {
    if (offlineRoot == null) {
      return config.offlineRoot();
    }
    return LarderConfig.isUri(offlineRoot)
        ? offlineRoot
        : config.workDir().resolve(offlineRoot).normalize().toString();
  }

  /** Opens the offline store at {@link #root}. */
  OfflineStore open(LarderConfig config) {
    return DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root(config)).build());
  }
}
