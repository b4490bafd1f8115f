package dev.larder.benchmarks.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A small run of the registry benchmark on a real SQLite registry writes its section. */
class RegistryBenchmarkIT {

  @TempDir Path dir;

  @Test
  void measuresEveryStepAndAppendsTheSection() throws Exception {
    Path report = dir.resolve("BENCHMARKS.md");

    int exit =
        new CommandLine(new RegistryBenchmark())
            .execute("--views", "40", "--rounds", "3", "--markdown", report.toString());

    assertThat(exit).isZero();
    String text = Files.readString(report);
    assertThat(text)
        .contains("## Registry benchmark, ")
        .contains("40 views x 10 features in one project")
        .containsPattern(
            "\\| start-up read \\(open, migrate check, snapshot, catalog\\) \\|.*\\| 3 \\|")
        .containsPattern("\\| poll, nothing new \\(revision check\\) \\|.*\\| 30 \\|")
        .containsPattern("\\| reload after an apply \\(poll, read, parse, swap\\) \\|.*\\| 3 \\|");
  }
}
