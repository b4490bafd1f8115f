package dev.larder.pipelines.materialize;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.TimeRange;
import dev.larder.storage.online.WriteSummary;
import java.time.Duration;
import java.util.Objects;

/**
 * What one materialization of a view version did.
 *
 * @param deltaVersion the offline table version read; -1 when the table was never written
 * @param rowsRead offline rows with an event time in the range
 * @param entities rows sent to the online store: the newest row of each entity in the range
 * @param write what the online store did with them: {@link WriteSummary#written()} rows were newer
 *     than what it held, the others were older or already expired
 * @param elapsed wall time of the whole materialization
 */
public record MaterializationResult(
    FeatureView view,
    TimeRange range,
    long deltaVersion,
    long rowsRead,
    long entities,
    WriteSummary write,
    Duration elapsed) {
  public MaterializationResult {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(write, "write");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** Rows read per second of elapsed time; 0 when nothing was read. */
  public double rowsReadPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : rowsRead * 1e9 / nanos;
  }
}
