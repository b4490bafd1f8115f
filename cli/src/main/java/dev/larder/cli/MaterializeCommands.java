package dev.larder.cli;

import dev.larder.pipelines.materialize.MaterializationResult;
import dev.larder.pipelines.materialize.Materializer;
import dev.larder.pipelines.materialize.MaterializerSettings;
import dev.larder.pipelines.materialize.RecordedMaterializer;
import dev.larder.registry.Registry;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.TimeRange;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.redis.RedisOnlineStores;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code larder materialize} and {@code materialize-incremental}: newest rows from the offline
 * store to the online store, each materialized interval recorded in the registry.
 */
final class MaterializeCommands {

  private MaterializeCommands() {}

  /**
   * Rows per pipelined batch: twice the online store's default, which suits small pushes; bulk
   * writes gain from fewer round trips (materialization benchmark).
   */
  static final int BULK_WRITE_BATCH_SIZE = 1000;

  /** What both commands share: stores, view selection, one line per view. */
  abstract static class Base extends RegistryCommand {
    @Mixin RedisOptions redisOptions;

    @Mixin ViewSelection.Options selection;

    @Option(
        names = "--end",
        required = true,
        paramLabel = "T",
        converter = TimeConverter.class,
        description = "End of the event times (exclusive).")
    Instant end;

    @Mixin OfflineRootOption offlineRoot;

    /** Materializes one view, or returns empty when it has nothing to do. */
    abstract Optional<MaterializationResult> materialize(
        RecordedMaterializer materializer, FeatureView view);

    @Override
    void run(Registry r, PrintWriter out) {
      LibraryLogs.quiet();
      LarderConfig config = registry.config();
      List<FeatureView> selected = selection.resolve(r);
      OfflineStore offline = offlineRoot.open(config);
      try (OnlineStore online =
          RedisOnlineStores.connect(
              redisOptions
                  .storeOptions(config)
                  .writeBatchSize(BULK_WRITE_BATCH_SIZE)
                  // As in the streaming sink: no caller waits on a bulk job, so a busy Redis
                  // slows it down (in-flight chunks are bounded) instead of failing it.
                  .commandTimeout(MaterializerSettings.DEFAULT.chunkTimeout())
                  .build())) {
        RecordedMaterializer materializer =
            new RecordedMaterializer(
                new Materializer(offline, online, MaterializerSettings.DEFAULT, Clock.systemUTC()),
                r,
                RegistryOptions.appliedBy());
        for (FeatureView view : selected) {
          String name = view.project() + ":" + view.qualifiedName();
          Optional<MaterializationResult> result = materialize(materializer, view);
          out.println(result.map(MaterializeCommands::line).orElse(name + "  up to date"));
          out.flush();
        }
      }
    }
  }

  @Command(
      name = "materialize",
      description = "Copy the newest row per entity in [--start, --end) from Delta to Redis.")
  static final class Materialize extends Base {
    @Option(
        names = "--start",
        required = true,
        paramLabel = "T",
        converter = TimeConverter.class,
        description = "First event time (inclusive), e.g. 2026-11-23T00:00:00Z or 2026-11-23.")
    Instant start;

    @Override
    Optional<MaterializationResult> materialize(RecordedMaterializer m, FeatureView view) {
      return Optional.of(m.materialize(view, new TimeRange(start, end)));
    }
  }

  @Command(
      name = "materialize-incremental",
      description =
          "Materialize each view from where its last materialization ended (or --end minus its"
              + " ttl) up to --end.")
  static final class Incremental extends Base {
    @Override
    Optional<MaterializationResult> materialize(RecordedMaterializer m, FeatureView view) {
      return m.materializeIncrementally(view, end);
    }
  }

  /** One view's line: range, table version, rows read and written, time and speed. */
  static String line(MaterializationResult r) {
    return String.format(
        Locale.ROOT,
        "%s:%s  [%s, %s)  delta v%d  read %d  entities %d  written %d (older %d, expired %d)"
            + "  %.2f s  %.0f rows/s",
        r.view().project(),
        r.view().qualifiedName(),
        r.range().start(),
        r.range().end(),
        r.deltaVersion(),
        r.rowsRead(),
        r.entities(),
        r.write().written(),
        r.write().olderIgnored(),
        r.write().expiredIgnored(),
        r.elapsed().toNanos() / 1e9,
        r.rowsReadPerSecond());
  }
}
