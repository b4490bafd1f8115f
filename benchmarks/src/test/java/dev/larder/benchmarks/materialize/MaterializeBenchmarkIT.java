package dev.larder.benchmarks.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A small run of the materialization benchmark on a private redis-server and a real Delta table
 * checks every row landed (the benchmark fails otherwise) and writes its section.
 */
class MaterializeBenchmarkIT {

  @TempDir Path dir;

  @Test
  void measuresEveryStepAndAppendsTheSection() throws Exception {
    Path report = dir.resolve("BENCHMARKS.md");

    int exit =
        new CommandLine(new MaterializeBenchmark())
            .execute("--rows", "2500", "--rounds", "2", "--markdown", report.toString());

    assertThat(exit).isZero();
    assertThat(Files.readString(report))
        .contains("## Materialization benchmark, ")
        .contains("one view, 2,500 rows, one per entity")
        .containsPattern("\\| materialize into empty Redis .*\\| 2 \\|")
        .containsPattern("\\| materialize again .*\\| 2 \\|")
        .containsPattern(
            "\\| raw pipelined SET of the same keys and values, batches of 1000 .*\\| 2 \\|");
  }
}
