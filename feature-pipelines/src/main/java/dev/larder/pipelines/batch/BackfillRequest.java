package dev.larder.pipelines.batch;

import dev.larder.pipelines.source.RecordFormat;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Source;
import dev.larder.storage.offline.TimeRange;
import dev.larder.storage.offline.TransactionId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One backfill run of one view over {@code [start, end)}.
 *
 * @param view the view version to compute
 * @param source its source (the batch location and format are read from {@code input}/{@code
 *     format}, already resolved)
 * @param input the batch file or directory, absolute
 * @param offlineRoot the offline store root: a local directory or a Hadoop file system URI
 * @param hadoopProperties Hadoop settings for the offline store (credentials, endpoints)
 * @param runId unique per run (never reused): it names the dead-letter file and the Delta
 *     transaction, so that a rerun commits again while a retried commit of one run is a no-op
 * @param runTime the run's time: every row's {@code created_timestamp}
 */
public record BackfillRequest(
    FeatureView view,
    Source source,
    Path input,
    RecordFormat format,
    Instant start,
    Instant end,
    String offlineRoot,
    Map<String, String> hadoopProperties,
    String runId,
    Instant runTime) {

  public BackfillRequest {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(format, "format");
    new TimeRange(start, end);
    Objects.requireNonNull(offlineRoot, "offlineRoot");
    hadoopProperties = Map.copyOf(hadoopProperties);
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(runTime, "runTime");
  }

  /**
   * The Delta transaction of this run: application id {@code
   * larder-backfill/{project}/{view@vN}/{start}/{end}/{runId}}, version 1. BATCH jobs have no
   * checkpoints to number commits, so the run id makes it unique: a rerun is a new transaction (and
   * replaces the range again), a retry inside one run is a no-op.
   */
  public TransactionId transactionId() {
    return new TransactionId(
        "larder-backfill/"
            + view.project()
            + "/"
            + view.qualifiedName()
            + "/"
            + start
            + "/"
            + end
            + "/"
            + runId,
        1);
  }

  /** {@code {offline_root}/_dead_letters/{project}/{view}/v{N}-{runId}.jsonl}, as a URI. */
  public URI deadLetterFile() {
    String root =
        offlineRoot.contains(":/")
            ? offlineRoot
            : Path.of(offlineRoot).toAbsolutePath().toUri().toString();
    // A directory's URI has no trailing slash until the directory exists; resolve needs one.
    URI base = URI.create(root.endsWith("/") ? root : root + "/");
    return base.resolve(
        "_dead_letters/"
            + view.project()
            + "/"
            + view.name()
            + "/v"
            + view.version()
            + "-"
            + runId
            + ".jsonl");
  }

  /** The run time in microseconds since the epoch. */
  long runTimeMicros() {
    return Math.addExact(
        Math.multiplyExact(runTime.getEpochSecond(), 1_000_000L), runTime.getNano() / 1000);
  }
}
