package dev.larder.benchmarks.registry;

import dev.larder.benchmarks.report.MachineInfo;
import dev.larder.benchmarks.report.MarkdownReport;
import dev.larder.benchmarks.workload.BenchWorkload;
import dev.larder.registry.Registry;
import dev.larder.registry.RegistrySnapshot;
import dev.larder.registry.load.DefinitionLoader;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Project;
import dev.larder.registry.store.Registries;
import dev.larder.server.config.CatalogHolder;
import dev.larder.server.registry.RegistryFollower;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What a big registry costs the feature server: with many views registered, how long reading the
 * definitions at start-up takes, how long one poll for a new revision takes, and how long a reload
 * takes after an apply — the same calls the server makes ({@link Registry#snapshot()}, {@link
 * RegistryFollower#poll()}). Prints a Markdown section; progress goes to stderr.
 */
@Command(
    name = "registry-benchmark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Start-up read, revision poll and reload times of a registry with many views.")
public final class RegistryBenchmark implements Callable<Integer> {

  @Option(names = "--views", description = "Views to register (default: ${DEFAULT-VALUE}).")
  int views = 1000;

  @Option(
      names = "--rounds",
      description = "Measured rounds of each step (default: ${DEFAULT-VALUE}).")
  int rounds = 20;

  @Option(
      names = "--registry-url",
      description = "An empty registry to use (default: a private SQLite file).")
  String registryUrl;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Append a dated section here.")
  Path markdown;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "larder-benchmark-logback.xml");
    }
    System.exit(new CommandLine(new RegistryBenchmark()).execute(args));
  }

  /** Milliseconds per round of one step. */
  record Step(String name, List<Double> millis) {
    double median() {
      List<Double> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      return sorted.get(sorted.size() / 2);
    }

    double max() {
      return Collections.max(millis);
    }
  }

  @Override
  public Integer call() throws IOException {
    Path work = Files.createTempDirectory("larder-registry-bench-");
    String url = registryUrl != null ? registryUrl : "jdbc:sqlite:" + work.resolve("registry.db");
    Path definitions = BenchWorkload.writeDefinitions(work.resolve("definitions"), views);
    List<Step> steps = new ArrayList<>();
    long start = System.nanoTime();
    Project project = new DefinitionLoader().load(definitions).project(BenchWorkload.PROJECT);
    double loadMs = millisSince(start);
    System.err.printf(Locale.ROOT, "Loaded %,d views from YAML in %.0f ms%n", views, loadMs);
    try (Registry registry = Registries.open(url)) {
      start = System.nanoTime();
      registry.apply(registry.plan(project, false), "registry-benchmark");
      double applyMs = millisSince(start);

      steps.add(startUpReads(url));
      RegistrySnapshot snapshot = registry.snapshot();
      CatalogHolder holder = new CatalogHolder(snapshot);
      try (RegistryFollower follower =
          new RegistryFollower(registry, holder, Duration.ofHours(1), new SimpleMeterRegistry())) {
        List<Double> polls = new ArrayList<>();
        for (int i = 0; i < rounds * 10; i++) {
          long t = System.nanoTime();
          follower.poll();
          polls.add(millisSince(t));
        }
        steps.add(new Step("poll, nothing new (revision check)", polls));
        List<Double> reloads = new ArrayList<>();
        List<Double> applies = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          Project changed = describeView(holder.get().project(BenchWorkload.PROJECT), i);
          long a = System.nanoTime();
          registry.apply(registry.plan(changed, false), "registry-benchmark");
          applies.add(millisSince(a));
          long t = System.nanoTime();
          follower.poll();
          reloads.add(millisSince(t));
          if (holder.snapshot().revisions().get(BenchWorkload.PROJECT) != i + 2) {
            throw new IllegalStateException("the reload did not swap in revision " + (i + 2));
          }
        }
        steps.add(new Step("apply of one additive change", applies));
        steps.add(new Step("reload after an apply (poll, read, parse, swap)", reloads));
      }
      String section = report(url, loadMs, applyMs, steps);
      System.out.print(section);
      if (markdown != null) {
        MarkdownReport.append(markdown, section);
      }
    }
    return 0;
  }

  /** The first read is the one a starting server makes; the rest show it warmed up. */
  private Step startUpReads(String url) {
    List<Double> reads = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long t = System.nanoTime();
      try (Registry r = Registries.open(url)) {
        new CatalogHolder(r.snapshot());
      }
      reads.add(millisSince(t));
    }
    System.err.printf(Locale.ROOT, "first start-up read: %.0f ms%n", reads.get(0));
    return new Step("start-up read (open, migrate check, snapshot, catalog)", reads);
  }

  /** The project with a new description on one view: an additive change, a new revision. */
  private static Project describeView(Project p, int round) {
    List<FeatureView> views = new ArrayList<>();
    for (FeatureView v : p.allViews()) {
      views.add(
          v.name().equals(BenchWorkload.viewName(0))
              ? v.toBuilder().description("round " + round).build()
              : v);
    }
    return new Project(
        p.name(),
        List.copyOf(p.entities().values()),
        List.copyOf(p.sources().values()),
        views,
        List.copyOf(p.featureServices().values()));
  }

  private String report(String url, double loadMs, double applyMs, List<Step> steps) {
    StringBuilder out = new StringBuilder();
    out.append("\n## Registry benchmark, ")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append("\n\n")
        .append("- Command: `")
        .append(
            System.getProperty(
                "larder.bench.command",
                String.format(
                    Locale.ROOT, "benchmarks/run registry --views %d --rounds %d", views, rounds)))
        .append("`\n")
        .append("- Machine: ")
        .append(MachineInfo.detect().describe())
        .append('\n')
        .append(
            String.format(
                Locale.ROOT,
                "- Registry: %s; %,d views x %d features in one project%n",
                url.startsWith("jdbc:sqlite:") ? "SQLite file" : url.replaceAll("\\?.*", ""),
                views,
                BenchWorkload.FEATURES_PER_VIEW))
        .append(
            String.format(
                Locale.ROOT,
                "- Loading the YAML: %.0f ms; first apply (every view created): %.0f ms%n%n",
                loadMs,
                applyMs))
        .append("| step | first ms | median ms | max ms | rounds |\n")
        .append("|---|---:|---:|---:|---:|\n");
    for (Step s : steps) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %.1f | %d |%n",
              s.name(),
              s.millis().get(0),
              s.median(),
              s.max(),
              s.millis().size()));
    }
    return out.toString();
  }

  private static double millisSince(long start) {
    return (System.nanoTime() - start) / 1e6;
  }
}
