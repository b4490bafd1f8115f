package dev.larder.cli;

import dev.larder.pipelines.training.FlinkTrainingSets;
import dev.larder.registry.Registry;
import dev.larder.registry.errors.LarderException;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.training.OutputFormat;
import dev.larder.storage.training.TrainingSetEngine;
import dev.larder.storage.training.TrainingSetRequest;
import dev.larder.storage.training.TrainingSetResult;
import dev.larder.storage.training.TrainingSets;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code larder training-set}: a point-in-time-correct training set from an entity file and the
 * offline store, with its lineage beside it.
 */
@Command(
    name = "training-set",
    description =
        "Join an entity file (join keys, event_timestamp, labels) with feature values as they were"
            + " at each row's time; writes Parquet or CSV and <out>.lineage.json.")
final class TrainingSetCommand extends RegistryCommand {

  /** The engines a training set can run on. */
  enum Engine {
    local,
    flink
  }

  @Option(
      names = "--entities",
      required = true,
      paramLabel = "FILE",
      description = "Entity file, .parquet or .csv.")
  Path entities;

  @ArgGroup(multiplicity = "1")
  Features features;

  /** Either feature references or a feature service. */
  static final class Features {
    @Option(
        names = "--features",
        split = ",",
        paramLabel = "REF",
        description = "Feature references, view:feature or view@vN:feature, comma-separated.")
    List<String> refs;

    @Option(names = "--feature-service", paramLabel = "NAME", description = "A feature service.")
    String service;
  }

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file.")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "parquet|csv",
      description = "Output format (default: from the --out extension, else parquet).")
  String format;

  @Option(
      names = "--full-feature-names",
      description = "Name feature columns view__feature instead of feature.")
  boolean fullFeatureNames;

  @Option(
      names = "--engine",
      paramLabel = "local|flink",
      defaultValue = "local",
      description = "Where the join runs: in this process (default) or as a Flink batch job.")
  Engine engine;

  @Option(
      names = "--as-of",
      paramLabel = "LINEAGE.json",
      description = "Read exactly the table versions an earlier training set's lineage records.")
  Path asOf;

  @Mixin OfflineRootOption offlineRoot;

  @Option(
      names = "--project",
      paramLabel = "NAME",
      description = "The project (default: the registry's only project).")
  String project;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Have a running feature server (larder serve) at this HTTP address make the set, e.g."
              + " http://localhost:8080: its JVM has compiled the engine already, so small sets"
              + " take a fraction of a one-shot process's time. The server uses its own registry"
              + " and offline store and must be able to read and write these paths.")
  URI server;

  @Override
  public Integer call() {
    if (server == null) {
      return super.call();
    }
    if (engine != Engine.local) {
      throw new LarderException(
          "--server: the feature server runs the local engine; drop --engine "
              + engine
              + " or --server");
    }
    if (registry.registryUrl != null || offlineRoot.offlineRoot != null) {
      throw new LarderException(
          "--server: the feature server reads its own registry and offline store; drop"
              + " --registry-url and --offline-root");
    }
    TrainingSetClient.Answer answer =
        new TrainingSetClient(server).run(request(registry.config().workDir()));
    PrintWriter printer = spec.commandLine().getOut();
    print(printer, answer, "local on " + server);
    printer.flush();
    return 0;
  }

  @Override
  void run(Registry r, PrintWriter printer) {
    LibraryLogs.quiet();
    LarderConfig config = registry.config();
    OfflineStore store = offlineRoot.open(config);
    TrainingSetEngine joiner;
    if (engine == Engine.flink) {
      FlinkLogging.quiet();
      joiner = FlinkTrainingSets.engine(store, () -> r.snapshot().catalog());
    } else {
      joiner = TrainingSets.local(store, () -> r.snapshot().catalog());
    }
    TrainingSetResult result = joiner.run(request(config.workDir()));
    List<TrainingSetClient.ViewRead> views = new ArrayList<>();
    for (var view : result.lineage().views()) {
      views.add(
          new TrainingSetClient.ViewRead(
              view.view(), view.viewVersion(), view.tableVersion(), view.features()));
    }
    print(
        printer,
        new TrainingSetClient.Answer(
            result.rows(),
            result.output().toString(),
            result.lineageFile().toString(),
            result.elapsedNanos() / 1e9,
            views),
        engine.name());
  }

  /** The request the options make, its paths taken from {@code work}. */
  private TrainingSetRequest request(Path work) {
    return new TrainingSetRequest(
        project,
        work.resolve(entities).normalize(),
        features.refs,
        features.service,
        work.resolve(out).normalize(),
        format == null ? null : OutputFormat.parse(format),
        fullFeatureNames,
        asOf == null ? null : work.resolve(asOf).normalize());
  }

  private static void print(PrintWriter printer, TrainingSetClient.Answer made, String engine) {
    printer.printf(
        Locale.ROOT,
        "Wrote %d rows to %s in %.2f s (%.0f rows/s, engine %s)%n",
        made.rows(),
        made.output(),
        made.seconds(),
        made.rows() / Math.max(made.seconds(), 1e-9),
        engine);
    for (TrainingSetClient.ViewRead view : made.views()) {
      printer.printf(
          "  %s@v%d  delta v%d  %s%n",
          view.view(), view.version(), view.tableVersion(), String.join(", ", view.features()));
    }
    printer.printf("Lineage: %s%n", made.lineage());
  }
}
