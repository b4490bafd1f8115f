package dev.larder.pipelines.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.training.OutputFormat;
import dev.larder.storage.training.TrainingSetEngine;
import dev.larder.storage.training.TrainingSetRequest;
import dev.larder.storage.training.TrainingSets;
import dev.larder.testing.CsvCells;
import dev.larder.testing.PointInTimeScenario;
import dev.larder.testing.PointInTimeScenario.ExpectedRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * The flink engine against the brute-force oracle, and against the local engine: for the same input
 * both write the same bytes.
 */
class EnginesAgreePropertyIT {

  private static MiniCluster flink;

  @BeforeContainer
  static void startFlink() throws Exception {
    flink =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build());
    flink.start();
  }

  @AfterContainer
  static void stopFlink() throws Exception {
    flink.close();
  }

  @Property(tries = 8)
  void flinkMatchesTheOracleAndWritesWhatTheLocalEngineWrites(
      @ForAll("scenarios") PointInTimeScenario scenario) throws Exception {
    Path dir = Files.createTempDirectory("larder-engines");
    try {
      OfflineStore store = scenario.writeTo(dir);
      Path entities = PointInTimeScenario.entitiesFile(dir);
      TrainingSetEngine local = TrainingSets.local(store, PointInTimeScenario::catalog);
      TrainingSetEngine onFlink =
          FlinkTrainingSets.engine(
              store, PointInTimeScenario::catalog, () -> new TestStreamEnvironment(flink, 2));

      for (OutputFormat format : OutputFormat.values()) {
        String suffix = format == OutputFormat.CSV ? ".csv" : ".parquet";
        Path a = dir.resolve("local" + suffix);
        Path b = dir.resolve("flink" + suffix);
        local.run(request(entities, a));
        onFlink.run(request(entities, b));
        assertThat(Files.readAllBytes(b)).as(format.name()).isEqualTo(Files.readAllBytes(a));
      }

      List<String> lines = Files.readAllLines(dir.resolve("flink.csv"), StandardCharsets.UTF_8);
      List<ExpectedRow> expected = scenario.expected();
      assertThat(lines).hasSize(expected.size() + 1);
      for (int r = 0; r < expected.size(); r++) {
        ExpectedRow want = expected.get(r);
        String line = lines.get(r + 1);
        assertThat(line).startsWith(want.entityCells() + ",");
        List<String> cells = CsvCells.split(line.substring(want.entityCells().length() + 1));
        for (int f = 0; f < cells.size(); f++) {
          assertThat(want.featureCells().get(f))
              .as("row %d of %s", r + 1, line)
              .contains(cells.get(f));
        }
      }
    } finally {
      PointInTimeScenario.delete(dir);
    }
  }

  private static TrainingSetRequest request(Path entities, Path out) {
    return TrainingSetRequest.of(entities, PointInTimeScenario.FEATURES, out)
        .withFullFeatureNames(true);
  }

  @Provide
  Arbitrary<PointInTimeScenario> scenarios() {
    return PointInTimeScenario.scenarios();
  }
}
