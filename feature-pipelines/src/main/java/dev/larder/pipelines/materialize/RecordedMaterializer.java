package dev.larder.pipelines.materialize;

import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.Registry;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Materializes view versions and records each materialized interval in the registry, which is what
 * {@code larder materialize} and {@code materialize-incremental} run. Thread-safe if its parts are.
 */
public final class RecordedMaterializer {

  private final Materializer materializer;
  private final Registry registry;
  private final String by;

  /**
   * @param by who materializes, as the registry records it (e.g. {@code user@host})
   */
  public RecordedMaterializer(Materializer materializer, Registry registry, String by) {
    this.materializer = materializer;
    this.registry = registry;
    this.by = by;
  }

  /**
   * Materializes {@code range} of the view, then records the interval with the rows written. A
   * failed materialization records nothing, and neither does one of a view whose offline table was
   * never written ({@link MaterializationResult#deltaVersion()} -1): an incremental run after its
   * first backfill then still covers the range.
   *
   * @throws MaterializationException when the online store fails
   */
  public MaterializationResult materialize(FeatureView view, TimeRange range) {
    MaterializationResult result = materializer.materialize(view, range);
    if (result.deltaVersion() < 0) {
      return result;
    }
    registry.recordMaterialization(
        view.project(),
        view.name(),
        view.version(),
        range.start(),
        range.end(),
        result.write().written(),
        by);
    return result;
  }

  /**
   * Materializes the view from where its recorded materializations end up to {@code end} (see
   * {@link IncrementalRange#next}).
   *
   * @return empty when the view was already materialized up to {@code end}
   */
  public Optional<MaterializationResult> materializeIncrementally(FeatureView view, Instant end) {
    List<MaterializedInterval> done =
        registry.materializations(view.project(), view.name(), view.version());
    return IncrementalRange.next(view, done, end).map(range -> materialize(view, range));
  }
}
