package dev.larder.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.benchmarks.load.LatencySummary;
import dev.larder.benchmarks.report.BatchResult;
import dev.larder.benchmarks.report.BenchmarkResults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole serving benchmark in-process with tiny parameters: a private redis-server, the
 * load, the feature server as a child JVM, both targets, verification and the Markdown report.
 */
class ServingBenchmarkIT {

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void measuresTheBaselineAndTheServerAndVerifiesTheAnswers(@TempDir Path dir) throws IOException {
    Path markdown = dir.resolve("BENCHMARKS.md");
    ServingBenchmarkSettings settings =
        ServingBenchmark.parse(
            "--entities=2000",
            "--batch-sizes=1,10",
            "--server-warmup=2s",
            "--warmup=1s",
            "--duration=2s",
            "--rounds=2",
            "--concurrency=2",
            "--verify-every=50",
            "--server-heap=256m",
            // This test checks the benchmark's machinery, not the server's speed: on a busy
            // machine a read past the shipped 50 ms deadline (or slow enough to open the circuit)
            // is answered from the fallbacks, and every answer here is to verify its values.
            "--server-jvm-arg=-Dresilience4j.timelimiter.instances.online-store.timeout-duration=10s",
            "--server-jvm-arg=-Dresilience4j.circuitbreaker.instances.online-store"
                + ".slow-call-duration-threshold=10s",
            "--markdown=" + markdown);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    ByteArrayOutputStream table = new ByteArrayOutputStream();

    BenchmarkResults results = ServingBenchmark.runAndReport(settings, utf8(progress), utf8(table));

    assertThat(results.load()).hasValueSatisfying(l -> assertThat(l.written()).isEqualTo(50_000));
    assertThat(results.batches()).extracting(BatchResult::batchSize).containsExactly(1, 10);
    for (BatchResult batch : results.batches()) {
      assertMeasured(batch.baselineSummary());
      assertMeasured(batch.serverSummary());
      assertThat(batch.server().verifiedAnswers()).isPositive();
      assertThat(batch.server().verifiedValues())
          .as("PRESENT values equal to what was loaded")
          .isEqualTo(batch.server().verifiedAnswers() * batch.batchSize() * 250);
      assertThat(batch.baseline().verifiedValues()).isPositive();
      assertThat(batch.server().cpuMicrosPerRequest()).as("server CPU per request").isPositive();
      assertThat(batch.baseline().cpuMicrosPerRequest()).as("no server behind it").isNaN();
      assertThat(batch.baseline().redisCpuMicrosPerRequest()).as("Redis CPU, MGET").isPositive();
      assertThat(batch.server().redisCpuMicrosPerRequest()).as("Redis CPU, server").isPositive();
      assertThat(batch.server().fallbackReads()).as("within the test's 10 s deadline").isZero();
      assertThat(batch.baseline().fallbackReads()).as("no server behind it").isEqualTo(-1);
    }
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("Warming up the feature server for PT2S");
    assertThat(table.toString(StandardCharsets.UTF_8))
        .startsWith("| batch | keys/request | target |");
    new MarkdownSection(Files.readString(markdown)).assertDescribes(settings);
  }

  private static PrintStream utf8(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private static void assertMeasured(LatencySummary s) {
    assertThat(s.requests()).isPositive();
    assertThat(s.qps()).isPositive();
    assertThat(s.p50Micros()).isPositive();
    assertThat(s.p50Micros()).isLessThanOrEqualTo(s.p99Micros());
    assertThat(s.p99Micros()).isLessThanOrEqualTo(s.p999Micros());
    assertThat(s.p999Micros()).isLessThanOrEqualTo(s.maxMicros());
  }

  /** The appended Markdown section, as a reader of docs/BENCHMARKS.md sees it. */
  private record MarkdownSection(String text) {
    void assertDescribes(ServingBenchmarkSettings settings) {
      assertThat(text)
          .startsWith("\n## Serving benchmark, ")
          .contains("- Command: `" + settings.command() + "`")
          .contains("- Machine: ")
          .contains("2,000 entities x 25 views x 10 features")
          .contains("the server first warmed up 2 s through all batch sizes")
          .contains("| batch | keys/request | target |")
          .contains("| 1 | 25 | Redis MGET (baseline) |")
          .contains("| 10 | 250 | Larder gRPC |");
    }
  }
}
