package dev.larder.pipelines.training;

import dev.larder.pipelines.LocalFlink;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.training.TrainingSetEngine;
import dev.larder.storage.training.TrainingSets;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Opens the {@code flink} training-set engine: the same reads, semantics and output files as the
 * local engine, with the point-in-time join itself run as a Flink BATCH job partitioned by entity.
 */
public final class FlinkTrainingSets {

  private FlinkTrainingSets() {}

  /** The engine on an in-process MiniCluster with one slot per core, at most four. */
  public static TrainingSetEngine engine(OfflineStore store, Supplier<FeatureCatalog> catalog) {
    return engine(store, catalog, LocalFlink::environment);
  }

  /** The engine on the environments given (a remote cluster, or a test's MiniCluster). */
  public static TrainingSetEngine engine(
      OfflineStore store,
      Supplier<FeatureCatalog> catalog,
      Supplier<StreamExecutionEnvironment> environments) {
    return TrainingSets.withMatcher(store, catalog, new FlinkPointInTimeMatcher(environments));
  }
}
