package dev.larder.pipelines.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the pipeline tests run on: one task manager, two slots (two cores). */
public final class FlinkMiniCluster {

  private FlinkMiniCluster() {}

  /** A new extension; register it in a static field with {@code @RegisterExtension}. */
  public static MiniClusterExtension extension() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());
  }
}
