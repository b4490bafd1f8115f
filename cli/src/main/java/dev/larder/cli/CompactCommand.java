package dev.larder.cli;

import dev.larder.registry.Registry;
import dev.larder.registry.errors.LarderException;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.CommitSummary;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code larder compact [VIEW…]}: rewrites each view's small Delta files into files of about the
 * target size, in one commit per view that changes no data.
 */
@Command(
    name = "compact",
    description =
        "Rewrite the small files of views' offline tables into larger ones, changing no data.")
final class CompactCommand extends RegistryCommand {

  private static final long MIB = 1024L * 1024;

  @Mixin ViewSelection.Options selection;

  @Option(
      names = "--target-file-size-mb",
      paramLabel = "MB",
      description =
          "Size of the files written; smaller files are rewritten (default: ${DEFAULT-VALUE}).")
  long targetFileSizeMb = DeltaOfflineStoreOptions.DEFAULT_TARGET_FILE_SIZE_BYTES / MIB;

  @Mixin OfflineRootOption offlineRoot;

  @Override
  void run(Registry registry, PrintWriter out) {
    if (targetFileSizeMb <= 0) {
      throw new LarderException("--target-file-size-mb must be positive, was " + targetFileSizeMb);
    }
    LibraryLogs.quiet();
    List<FeatureView> selected = selection.resolve(registry);
    OfflineStore offline = offlineRoot.open(this.registry.config());
    for (FeatureView view : selected) {
      CommitSummary s = offline.compact(view, targetFileSizeMb * MIB);
      String name = view.project() + ":" + view.qualifiedName();
      out.println(
          s.committed()
              ? String.format(
                  "%s  %d files rewritten into %d (%d rows), table version %d",
                  name, s.filesRemoved(), s.filesAdded(), s.rowsAdded(), s.tableVersion())
              : name + "  nothing to compact (table version " + s.tableVersion() + ")");
      out.flush();
    }
  }
}
