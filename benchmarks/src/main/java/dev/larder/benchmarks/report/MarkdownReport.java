package dev.larder.benchmarks.report;

import dev.larder.benchmarks.ServingBenchmarkSettings;
import dev.larder.benchmarks.workload.BenchWorkload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A dated Markdown section of a run: what was measured, where, how, and the results table. */
public final class MarkdownReport {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private MarkdownReport() {}

  /** The section for a run on a machine, starting with a level-2 heading. */
  public static String section(BenchmarkResults results, MachineInfo machine) {
    ServingBenchmarkSettings s = results.settings();
    StringBuilder out = new StringBuilder();
    out.append(heading("Serving benchmark", results.startedAt()));
    line(out, "Command", "`" + s.command() + "`");
    line(out, "Machine", machine.describe());
    line(out, "JVM", machine.jvm() + " (load generator and feature server)");
    line(
        out,
        "Redis",
        results.redisVersion()
            + (s.redisUrl().isPresent() ? " at " + s.redisUrl().get() : ", private `redis-server`")
            + " on 127.0.0.1, no persistence; "
            + results.redisUsedMemory()
            + " used after loading");
    if (s.redisCluster()) {
      line(
          out,
          "Redis Cluster",
          "private, "
              + ServingBenchmarkSettings.CLUSTER_MASTERS
              + " masters without replicas (redis-server processes on 127.0.0.1, no"
              + " persistence), loaded with the same rows; a second feature server reads it"
              + " (`larder.redis.cluster.nodes`), measured in turn with the others");
    }
    String rows = String.format(Locale.ROOT, "%,d", (long) s.entities() * BenchWorkload.VIEWS);
    line(
        out,
        "Workload",
        String.format(
                Locale.ROOT,
                "%,d entities x %d views x %d features (%d features, %s rows, no ttl);"
                    + " %,d views registered",
                s.entities(),
                BenchWorkload.VIEWS,
                BenchWorkload.FEATURES_PER_VIEW,
                BenchWorkload.FEATURES,
                rows,
                s.registeredViews())
            + results
                .load()
                .map(
                    l ->
                        String.format(
                            Locale.ROOT,
                            "; loaded through `OnlineStore.write` at %,.0f rows/s (%s)",
                            l.rowsPerSecond(),
                            human(l.elapsed())))
                .orElse("; already loaded (load skipped)"));
    line(
        out,
        "Load",
        String.format(
            Locale.ROOT,
            "closed loop, %d request%s in flight, entity ids uniform at random; the server"
                + " first warmed up %s through all batch sizes; per batch size %s warm-up per"
                + " target, then %s measured per target in %d alternating round(s) (baseline and"
                + " server take turns, the order swapped every round)",
            s.concurrency(),
            s.concurrency() == 1 ? "" : "s",
            human(s.serverWarmup()),
            human(s.warmup()),
            human(s.measure()),
            s.rounds()));
    line(
        out,
        "Server",
        "child JVM `-Xms"
            + s.serverHeap()
            + " -Xmx"
            + s.serverHeap()
            + "`"
            + (s.serverJvmArgs().isEmpty() ? "" : " `" + String.join(" ", s.serverJvmArgs()) + "`")
            + ", one shared plaintext gRPC channel");
    long answers = 0;
    long values = 0;
    long fromFallbacks = 0;
    long baselineAnswers = 0;
    for (BatchResult b : results.batches()) {
      answers += b.server().verifiedAnswers();
      values += b.server().verifiedValues();
      fromFallbacks += b.server().fallbackAnswersChecked(b.batchSize());
      baselineAnswers += b.baseline().verifiedAnswers();
    }
    line(
        out,
        "Verification",
        String.format(
            Locale.ROOT,
            "the first and every %,dth answer of each measured phase checked off the measured path: %,d"
                + " server answers (%,d values, all PRESENT and equal to what was loaded; %,d"
                + " answers made from the fallbacks, their STALE values equal to what was loaded),"
                + " %,d baseline answers (every key present)",
            s.verifyEvery(),
            answers,
            values,
            fromFallbacks,
            baselineAnswers));
    out.append('\n').append(ResultsTable.markdown(results.batches()));
    ResultsTable.targets(results.batches()).ifPresent(t -> out.append('\n').append(t).append('\n'));
    return out.toString();
  }

  /** A section's level-2 heading, {@code ## TITLE, yyyy-MM-dd HH:mm UTC}, with blank lines. */
  public static String heading(String title, Instant at) {
    return "\n## " + title + ", " + DATE.format(at) + "\n\n";
  }

  /**
   * Appends a section to a file, creating it if missing.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void append(Path file, String section) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(
          file,
          section,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append the results to " + file, e);
    }
  }

  /** Appends a {@code - name: text} line. */
  public static void line(StringBuilder out, String name, String text) {
    out.append("- ").append(name).append(": ").append(text).append('\n');
  }

  /** {@code 30 s}, {@code 3 min 12 s}, {@code 250 ms}. */
  public static String human(Duration d) {
    if (d.toMillis() < 1_000) {
      return d.toMillis() + " ms";
    }
    long s = d.toSeconds();
    return s < 60 ? s + " s" : s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
  }
}
