package dev.larder.benchmarks;

import dev.larder.benchmarks.report.BenchmarkResults;
import dev.larder.benchmarks.report.MachineInfo;
import dev.larder.benchmarks.report.MarkdownReport;
import dev.larder.benchmarks.report.ResultsTable;
import dev.larder.benchmarks.workload.BenchWorkload;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The serving benchmark's command line: measures the feature server's {@code GetOnlineFeatures}
 * against a raw Redis {@code MGET} of the same keys, in the same run, and prints a Markdown table.
 * Progress goes to stderr, the table to stdout. Exit status 0 on success, 1 when the run fails
 * (including a wrong answer), 2 on bad usage.
 */
@Command(
    name = "serving-benchmark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Closed-loop latency of GetOnlineFeatures (250 features, 25 views) against a raw Redis MGET"
          + " of the same keys, measured in the same run."
    })
public final class ServingBenchmark implements Callable<Integer> {

  /** Set by benchmarks/run to the command as typed, for the report. */
  public static final String COMMAND_PROPERTY = "larder.bench.command";

  @Spec private CommandSpec spec;

  @Option(names = "--entities", description = "Entities per view (default: ${DEFAULT-VALUE}).")
  private int entities = ServingBenchmarkSettings.DEFAULT_ENTITIES;

  @Option(
      names = "--batch-sizes",
      split = ",",
      description = "Entities per request, comma-separated (default: 1,10,50,100).")
  private List<Integer> batchSizes = new ArrayList<>(ServingBenchmarkSettings.DEFAULT_BATCH_SIZES);

  @Option(names = "--concurrency", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
  private int concurrency = ServingBenchmarkSettings.DEFAULT_CONCURRENCY;

  @Option(
      names = "--server-warmup",
      converter = DurationConverter.class,
      description =
          "Warm-up of each feature server before the first batch size, through every batch size"
              + " in turn, e.g. 60s (default: 60s).")
  private Duration serverWarmup = ServingBenchmarkSettings.DEFAULT_SERVER_WARMUP;

  @Option(
      names = "--warmup",
      converter = DurationConverter.class,
      description = "Warm-up per target and batch size, e.g. 10s (default: 10s).")
  private Duration warmup = ServingBenchmarkSettings.DEFAULT_WARMUP;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Measured time per target and batch size, e.g. 30s (default: 30s).")
  private Duration measure = ServingBenchmarkSettings.DEFAULT_MEASURE;

  @Option(
      names = "--rounds",
      description =
          "Alternating baseline/server slices of the measured time (default: ${DEFAULT-VALUE}).")
  private int rounds = ServingBenchmarkSettings.DEFAULT_ROUNDS;

  @Option(
      names = "--redis-url",
      description = "Use this Redis instead of starting a private redis-server.")
  private String redisUrl;

  @Option(names = "--skip-load", description = "Do not load rows (--redis-url already holds them).")
  private boolean skipLoad;

  @Option(
      names = "--redis-cluster",
      description =
          "Also measure a second feature server serving from a private Redis Cluster of 3 masters.")
  private boolean redisCluster;

  @Option(
      names = "--load-concurrency",
      description = "Write calls in flight while loading (default: ${DEFAULT-VALUE}).")
  private int loadConcurrency = ServingBenchmarkSettings.DEFAULT_LOAD_CONCURRENCY;

  @Option(
      names = "--write-batch-size",
      description = "Rows per pipelined write batch (default: ${DEFAULT-VALUE}).")
  private int writeBatchSize = ServingBenchmarkSettings.DEFAULT_WRITE_BATCH_SIZE;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Append a dated section here.")
  private Path markdown;

  @Mixin private ServerProcessOptions server = new ServerProcessOptions();

  @Option(
      names = "--server-start-timeout",
      converter = DurationConverter.class,
      description = "How long the server may take to serve (default: 2m).")
  private Duration serverStartTimeout = ServingBenchmarkSettings.DEFAULT_SERVER_START_TIMEOUT;

  @Option(
      names = "--request-timeout",
      converter = DurationConverter.class,
      description = "Deadline of every request (default: 5s).")
  private Duration requestTimeout = ServingBenchmarkSettings.DEFAULT_REQUEST_TIMEOUT;

  @Option(names = "--seed", description = "Seed of the entity ids (default: ${DEFAULT-VALUE}).")
  private long seed = ServingBenchmarkSettings.DEFAULT_SEED;

  @Option(
      names = "--verify-every",
      description = "Check every n-th answer value by value (default: ${DEFAULT-VALUE}).")
  private int verifyEvery = ServingBenchmarkSettings.DEFAULT_VERIFY_EVERY;

  @Option(
      names = "--registered-views",
      description =
          "Views in the server's registry: the 25 read plus idle ones (default: ${DEFAULT-VALUE}).")
  private int registeredViews = BenchWorkload.VIEWS;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "larder-benchmark-logback.xml");
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * Parses a command line into settings, as {@link #main} does.
   *
   * @throws CommandLine.ParameterException on bad usage
   * @throws IllegalArgumentException naming a bad setting
   */
  public static ServingBenchmarkSettings parse(String... args) {
    CommandLine commandLine = commandLine();
    commandLine.parseArgs(args);
    return commandLine.<ServingBenchmark>getCommand().settings();
  }

  private static CommandLine commandLine() {
    return new CommandLine(new ServingBenchmark())
        .setExecutionExceptionHandler(failureHandler("serving benchmark"));
  }

  /**
   * Reports a failed run as {@code NAME failed: message} with its causes, for exit status 1.
   *
   * @param name the benchmark, e.g. "serving benchmark"
   */
  public static CommandLine.IExecutionExceptionHandler failureHandler(String name) {
    return (e, commandLine, parseResult) -> {
      commandLine.getErr().println(name + " failed: " + e.getMessage());
      for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        commandLine.getErr().println("  caused by: " + c);
      }
      return 1;
    };
  }

  @Override
  public Integer call() {
    runAndReport(settings(), System.err, System.out);
    return 0;
  }

  /**
   * Runs the benchmark, prints the results table to {@code out} and, when the settings name a
   * Markdown file, appends a dated section to it.
   *
   * @param progress where progress lines go
   * @throws RuntimeException as {@link ServingBenchmarkRun#run()}, or when the file cannot be
   *     written
   */
  public static BenchmarkResults runAndReport(
      ServingBenchmarkSettings settings, PrintStream progress, PrintStream out) {
    BenchmarkResults results = new ServingBenchmarkRun(settings, progress).run();
    out.print(ResultsTable.markdown(results.batches()));
    ResultsTable.targets(results.batches()).ifPresent(out::println);
    settings
        .markdown()
        .ifPresent(
            file -> {
              MarkdownReport.append(file, MarkdownReport.section(results, MachineInfo.detect()));
              progress.println("Appended the results to " + file);
            });
    return results;
  }

  private ServingBenchmarkSettings settings() {
    String command = System.getProperty(COMMAND_PROPERTY);
    if (command == null || command.isBlank()) {
      command =
          "serving-benchmark "
              + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
    try {
      return ServingBenchmarkSettings.builder()
          .entities(entities)
          .batchSizes(batchSizes)
          .concurrency(concurrency)
          .serverWarmup(serverWarmup)
          .warmup(warmup)
          .measure(measure)
          .rounds(rounds)
          .redisUrl(redisUrl)
          .skipLoad(skipLoad)
          .redisCluster(redisCluster)
          .loadConcurrency(loadConcurrency)
          .writeBatchSize(writeBatchSize)
          .markdown(markdown)
          .serverHeap(server.heap())
          .serverJvmArgs(server.jvmArgs())
          .serverStartTimeout(serverStartTimeout)
          .requestTimeout(requestTimeout)
          .seed(seed)
          .verifyEvery(verifyEvery)
          .registeredViews(registeredViews)
          .command(command.trim())
          .build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
