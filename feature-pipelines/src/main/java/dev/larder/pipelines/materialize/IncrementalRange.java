package dev.larder.pipelines.materialize;

import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.TimeRange;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/** Where an incremental materialization of a view version starts and ends. Stateless. */
public final class IncrementalRange {

  /**
   * Where a view without a ttl that was never materialized starts: the first instant the offline
   * store can hold (year 1), so that all of its rows are materialized.
   */
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  private IncrementalRange() {}

  /**
   * The range an incremental materialization up to {@code end} covers: from the greatest end of the
   * recorded intervals; when there is none, from {@code end - ttl} (older rows are past their ttl
   * online anyway), or from {@link #EARLIEST} for a view without a ttl.
   *
   * @param done the view version's recorded materializations
   * @return empty when the view is already materialized up to {@code end} or beyond
   */
  public static Optional<TimeRange> next(
      FeatureView view, Collection<MaterializedInterval> done, Instant end) {
    Instant start =
        done.stream()
            .map(MaterializedInterval::end)
            .max(Instant::compareTo)
            .orElseGet(() -> view.ttl().map(end::minus).orElse(EARLIEST));
    if (start.isBefore(EARLIEST)) {
      start = EARLIEST;
    }
    return start.isBefore(end) ? Optional.of(new TimeRange(start, end)) : Optional.empty();
  }
}
