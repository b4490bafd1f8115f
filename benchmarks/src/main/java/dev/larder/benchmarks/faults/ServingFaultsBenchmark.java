package dev.larder.benchmarks.faults;

import dev.larder.benchmarks.DurationConverter;
import dev.larder.benchmarks.ServerProcessOptions;
import dev.larder.benchmarks.ServingBenchmark;
import dev.larder.benchmarks.ServingBenchmarkSettings;
import dev.larder.benchmarks.report.MachineInfo;
import dev.larder.benchmarks.report.MarkdownReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The fault benchmark's command line: the feature server under Redis killed, Redis paused, overload
 * and cold-start lookups, each next to a no-fault phase of the same run and the raw {@code MGET}
 * baseline. Progress goes to stderr, the report (Markdown) to stdout. Exit status 0 on success, 1
 * when the run fails, 2 on bad usage.
 */
@Command(
    name = "serving-faults-benchmark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "GetOnlineFeatures (250 features, batch 1) under faults: Redis killed, Redis paused,"
          + " overload, cold start; next to no-fault phases and a raw Redis MGET of the same run."
    })
public final class ServingFaultsBenchmark implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--entities", description = "Entities per view (default: ${DEFAULT-VALUE}).")
  private int entities = 10_000;

  @Option(
      names = "--rate",
      description = "Requests/s of the open-loop load (default: ${DEFAULT-VALUE}).")
  private int rate = 200;

  @Option(
      names = "--warmup",
      converter = DurationConverter.class,
      description = "Closed-loop warm-up of server and baseline (default: 20s).")
  private Duration warmup = Duration.ofSeconds(20);

  @Option(
      names = "--phase",
      converter = DurationConverter.class,
      description = "Each no-fault phase, and the load before each fault (default: 10s).")
  private Duration phase = Duration.ofSeconds(10);

  @Option(
      names = "--outage",
      converter = DurationConverter.class,
      description = "How long Redis stays killed (default: 30s).")
  private Duration outage = Duration.ofSeconds(30);

  @Option(
      names = "--pause",
      converter = DurationConverter.class,
      description = "How long Redis is paused with CLIENT PAUSE (default: 2s).")
  private Duration pause = Duration.ofSeconds(2);

  @Option(
      names = "--overload-factor",
      description =
          "Overload rate as a multiple of the sustainable rate (default: ${DEFAULT-VALUE}).")
  private int overloadFactor = 3;

  @Option(
      names = "--overload",
      converter = DurationConverter.class,
      description = "How long the overload lasts (default: 10s).")
  private Duration overload = Duration.ofSeconds(10);

  @Option(
      names = "--probe-concurrency",
      description =
          "Requests in flight when measuring the sustainable rate (default: ${DEFAULT-VALUE}).")
  private int probeConcurrency = 8;

  @Option(
      names = "--cold-entities",
      description =
          "Entities only in the offline store, each read twice (default: ${DEFAULT-VALUE}).")
  private int coldEntities = 20;

  @Option(
      names = "--max-in-flight",
      description = "The server's larder.resilience.max-in-flight (default: the server's).")
  private Integer maxInFlight;

  @Option(
      names = "--request-timeout",
      converter = DurationConverter.class,
      description = "Client deadline of every request (default: 1s).")
  private Duration requestTimeout = Duration.ofSeconds(1);

  @Mixin private ServerProcessOptions server = new ServerProcessOptions();

  @Option(names = "--markdown", paramLabel = "FILE", description = "Append a dated section here.")
  private Path markdown;

  @Option(names = "--seed", description = "Seed of the entity ids (default: ${DEFAULT-VALUE}).")
  private long seed = ServingBenchmarkSettings.DEFAULT_SEED;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "larder-benchmark-logback.xml");
    }
    System.exit(
        new CommandLine(new ServingFaultsBenchmark())
            .setExecutionExceptionHandler(
                ServingBenchmark.failureHandler("serving faults benchmark"))
            .execute(args));
  }

  @Override
  public Integer call() {
    FaultSettings settings = settings();
    FaultResults results = new ServingFaultsRun(settings, System.err).run();
    String section = FaultReport.section(results, MachineInfo.detect());
    System.out.print(section);
    settings
        .markdown()
        .ifPresent(
            file -> {
              MarkdownReport.append(file, section);
              System.err.println("Appended the results to " + file);
            });
    return 0;
  }

  private FaultSettings settings() {
    String command = System.getProperty(ServingBenchmark.COMMAND_PROPERTY);
    if (command == null || command.isBlank()) {
      command =
          "serving-faults-benchmark "
              + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
    try {
      return new FaultSettings(
          entities,
          rate,
          warmup,
          phase,
          outage,
          pause,
          overloadFactor,
          overload,
          probeConcurrency,
          coldEntities,
          Optional.ofNullable(maxInFlight),
          requestTimeout,
          server.heap(),
          server.jvmArgs(),
          Optional.ofNullable(markdown),
          seed,
          command.trim());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
