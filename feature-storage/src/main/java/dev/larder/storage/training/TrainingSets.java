package dev.larder.storage.training;

import dev.larder.registry.model.FeatureCatalog;
import dev.larder.storage.offline.OfflineStore;
import java.util.function.Supplier;

/** Opens training-set engines. */
public final class TrainingSets {

  private TrainingSets() {}

  /**
   * The {@code local} engine: reads the offline store's tables and joins in this process, views in
   * parallel on every core.
   *
   * @param catalog the current definitions, asked once per run
   */
  public static TrainingSetEngine local(OfflineStore store, Supplier<FeatureCatalog> catalog) {
    return new PointInTimeJoin(store, catalog, PointInTimeMatcher.IN_PROCESS);
  }

  /**
   * An engine that reads like the local one but leaves matching entity rows to view rows to {@code
   * matcher} (the Flink engine runs it as a batch job).
   */
  public static TrainingSetEngine withMatcher(
      OfflineStore store, Supplier<FeatureCatalog> catalog, PointInTimeMatcher matcher) {
    return new PointInTimeJoin(store, catalog, matcher);
  }
}
