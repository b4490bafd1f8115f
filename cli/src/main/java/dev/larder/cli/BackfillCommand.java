package dev.larder.cli;

import dev.larder.pipelines.LocalFlink;
import dev.larder.pipelines.batch.BackfillJob;
import dev.larder.pipelines.batch.BackfillRequest;
import dev.larder.pipelines.batch.BackfillResult;
import dev.larder.pipelines.source.RecordFormat;
import dev.larder.registry.RegisteredProject;
import dev.larder.registry.Registry;
import dev.larder.registry.errors.LarderException;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Source;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code larder backfill VIEW… --start T --end T}: runs the batch pipeline (in-process Flink, or a
 * Flink cluster with {@code --flink-rest}) over each view's source batch files and replaces {@code
 * [start, end)} of its offline table.
 */
@Command(
    name = "backfill",
    description =
        "Compute views from their sources' batch files and replace [start, end) in the offline store.")
final class BackfillCommand extends RegistryCommand {

  @Mixin ViewArguments views;

  @Option(
      names = "--start",
      required = true,
      paramLabel = "T",
      converter = TimeConverter.class,
      description = "Start of the range, inclusive: RFC 3339 (2026-11-01T00:00:00Z) or a UTC date.")
  Instant start;

  @Option(
      names = "--end",
      required = true,
      paramLabel = "T",
      converter = TimeConverter.class,
      description = "End of the range, exclusive: RFC 3339 or a UTC date.")
  Instant end;

  @Mixin OfflineRootOption offlineRoot;

  @Mixin FlinkClusterOptions cluster;

  @Mixin RegistryReadCommands.ProjectOption project;

  @Override
  void run(Registry registry, PrintWriter out) {
    LarderConfig config = this.registry.config();
    Instant from = start;
    Instant to = end;
    if (!from.isBefore(to)) {
      throw new LarderException("--start " + start + " must be before --end " + end);
    }
    String root = offlineRoot.root(config);
    RegisteredProject p = project.read(registry);
    List<FeatureView> resolved = views.resolve(p);
    FlinkLogging.quiet();
    for (FeatureView view : resolved) {
      Source source = batchSource(p, view);
      Path input = config.workDir().resolve(source.batch().path()).normalize();
      BackfillRequest request =
          new BackfillRequest(
              view,
              source,
              input,
              RecordFormat.of(source.batch().format()),
              from,
              to,
              root,
              Map.of(),
              runId(),
              Instant.now());
      out.printf(
          "Backfilling %s [%s, %s) from %s (%s), run %s ...%n",
          view.qualifiedName(), from, to, input, source.batch().format(), request.runId());
      out.flush();
      BackfillResult r =
          BackfillJob.run(
              request, cluster.environment(config, new Configuration(), LocalFlink::environment));
      out.printf(
          "  read %d events: %d good, %d bad%s; %d duplicates dropped%n",
          r.eventsRead(),
          r.good(),
          r.bad(),
          r.deadLetterFile().map(f -> " (dead letters: " + Path.of(f) + ")").orElse(""),
          r.duplicates());
      out.printf(
          "  wrote %d rows to Delta table version %d in %.1f s (%.0f events/s)%n",
          r.rowsWritten(), r.tableVersion(), r.elapsed().toMillis() / 1000.0, r.eventsPerSecond());
      out.flush();
    }
  }

  private static Source batchSource(RegisteredProject p, FeatureView view) {
    if (view.source() == null) {
      throw new LarderException(
          "feature view " + view.qualifiedName() + " has no source (it is fed by pushes)");
    }
    Source s = p.project().sources().get(view.source());
    if (s == null || s.batch() == null) {
      throw new LarderException(
          "source "
              + view.source()
              + " of feature view "
              + view.qualifiedName()
              + " has no batch location");
    }
    return s;
  }

  /** A run id that sorts by time and never repeats: {@code 20261123T120000Z-1a2b3c4d}. */
  private static String runId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now())
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
