package dev.larder.storage.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.storage.offline.OfflineStore;
import dev.larder.testing.CsvCells;
import dev.larder.testing.PointInTimeScenario;
import dev.larder.testing.PointInTimeScenario.ExpectedRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The local engine against a brute-force oracle, on real Delta tables. */
class PointInTimeJoinPropertyIT {

  @Property(tries = 15)
  void everyRowGetsTheNewestRowWithinTheTtl(@ForAll("scenarios") PointInTimeScenario scenario)
      throws IOException {
    Path dir = Files.createTempDirectory("larder-pit");
    try {
      OfflineStore store = scenario.writeTo(dir);
      Path entities = PointInTimeScenario.entitiesFile(dir);
      Path out = dir.resolve("training.csv");

      TrainingSetResult result =
          TrainingSets.local(store, PointInTimeScenario::catalog)
              .run(
                  TrainingSetRequest.of(entities, PointInTimeScenario.FEATURES, out)
                      .withFullFeatureNames(true));

      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      assertThat(lines.get(0))
          .isEqualTo(
              "customer_id,event_timestamp,label," + String.join(",", PointInTimeScenario.COLUMNS));
      List<ExpectedRow> expected = scenario.expected();
      assertThat(result.rows()).isEqualTo(expected.size());
      assertThat(lines).hasSize(expected.size() + 1);
      for (int r = 0; r < expected.size(); r++) {
        String line = lines.get(r + 1);
        ExpectedRow want = expected.get(r);
        assertThat(line).startsWith(want.entityCells() + ",");
        List<String> cells = CsvCells.split(line.substring(want.entityCells().length() + 1));
        assertThat(cells).hasSize(want.featureCells().size());
        for (int f = 0; f < cells.size(); f++) {
          assertThat(want.featureCells().get(f))
              .as("row %d column %s of %s", r + 1, PointInTimeScenario.COLUMNS.get(f), line)
              .contains(cells.get(f));
        }
      }
    } finally {
      PointInTimeScenario.delete(dir);
    }
  }

  @Provide
  Arbitrary<PointInTimeScenario> scenarios() {
    return PointInTimeScenario.scenarios();
  }
}
