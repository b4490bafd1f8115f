package dev.larder.cli;

import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import picocli.CommandLine.Option;

/** {@code --offline-root}: where the offline store is, for commands that read or write it. */
final class OfflineRootOption {

  @Option(
      names = "--offline-root",
      paramLabel = "DIR",
      description =
          "Offline store root (default: larder.yaml's offline_root, LARDER_OFFLINE_ROOT, or"
              + " .larder/offline/).")
  String offlineRoot;

  /** The offline store at the given root, else at the configured one. */
  OfflineStore open(LarderConfig config) {
    return DeltaOfflineStores.open(
        DeltaOfflineStoreOptions.builder()
            .root(offlineRoot != null ? offlineRoot : config.offlineRoot())
            .build());
  }
}
