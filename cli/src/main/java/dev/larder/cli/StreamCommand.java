package dev.larder.cli;

import dev.larder.pipelines.stream.StreamCheckpoints;
import dev.larder.pipelines.stream.StreamJob;
import dev.larder.pipelines.stream.StreamRequest;
import dev.larder.pipelines.stream.StreamSettings;
import dev.larder.registry.RegisteredProject;
import dev.larder.registry.Registry;
import dev.larder.registry.errors.LarderException;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code larder stream VIEW…}: runs the streaming job of the views (DESIGN §8) until stopped. In
 * process by default, with durable checkpoints under {@code .larder/streams/}: running the same
 * command again resumes from the newest completed checkpoint, {@code --from-scratch} starts over.
 * {@code --flink-rest} submits the same job to a Flink cluster instead.
 */
@Command(
    name = "stream",
    description =
        "Stream views from their Kafka topics to Redis and Delta (resumes from its checkpoint).")
final class StreamCommand extends RegistryCommand {

  @Mixin ViewArguments views;

  @Option(
      names = "--kafka-bootstrap-servers",
      paramLabel = "HOST:PORT,…",
      description =
          "Kafka (default: larder.yaml's kafka_bootstrap_servers or LARDER_KAFKA_BOOTSTRAP_SERVERS).")
  String kafka;

  @Option(
      names = "--from-scratch",
      description = "Forget the checkpoints and consumer offsets of earlier runs; start over.")
  boolean fromScratch;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      defaultValue = "PT10S",
      description = "How often state is checkpointed and Delta committed (ISO-8601, default 10 s).")
  Duration checkpointInterval;

  @Mixin FlinkClusterOptions cluster;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Parallel tasks per operator (default: cores, at most 4).")
  Integer parallelism;

  @Mixin OfflineRootOption offlineRoot;

  @Mixin RedisOptions redisOptions;
  @Mixin RegistryReadCommands.ProjectOption project;

  @Override
  void run(Registry registry, PrintWriter out) {
    LarderConfig config = this.registry.config();
    String bootstrap =
        Optional.ofNullable(kafka)
            .or(() -> config.get("kafka_bootstrap_servers"))
            .orElseThrow(
                () ->
                    new LarderException(
                        "no Kafka: pass --kafka-bootstrap-servers, or set kafka_bootstrap_servers"
                            + " in larder.yaml or LARDER_KAFKA_BOOTSTRAP_SERVERS"));
    RegisteredProject p = project.read(registry);
    List<FeatureView> resolved = views.resolve(p);
    Path stateDir = stateDir(config, resolved);
    String runId = runId(stateDir);
    String redis = redisOptions.redis(config);
    String root = offlineRoot.root(config);
    StreamSettings settings = StreamSettings.DEFAULT;
    FlinkLogging.quiet();
    LibraryLogs.quiet();

    Configuration onCluster = new Configuration();
    onCluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
    StreamExecutionEnvironment env =
        cluster.environment(config, onCluster, () -> local(stateDir, out));
    env.setParallelism(
        parallelism != null
            ? parallelism
            : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    StreamJob.configure(env);
    List<StreamRequest> requests = new ArrayList<>();
    for (FeatureView view : resolved) {
      StreamRequest request =
          new StreamRequest(
              view, streamSource(p, view), bootstrap, root, Map.of(), redis, runId, settings);
      requests.add(request);
      StreamJob.add(env, request);
      out.printf(
          "Streaming %s from topic %s (dead letters: %s, late events: %s__late_events) to %s and"
              + " %s%n",
          view.qualifiedName(),
          request.topic(),
          request.deadLetterTopic(),
          view.name(),
          redis.replaceAll("//[^@/]*@", "//***@"),
          root);
    }
    out.flush();
    JobClient job;
    try {
      job = env.executeAsync("larder stream " + String.join(" ", views.views) + " " + runId);
    } catch (Exception e) {
      throw new LarderException("cannot start the streaming job: " + LarderCli.oneLine(e), e);
    }
    new StreamProgress(job, requests, bootstrap, out).followUntilDone();
  }

  private StreamExecutionEnvironment local(Path stateDir, PrintWriter out) {
    Path checkpoints = stateDir.resolve("checkpoints");
    Optional<Path> newest = StreamCheckpoints.newest(checkpoints);
    out.println(
        newest
            .map(c -> "Resuming from checkpoint " + c)
            .orElse(
                "Starting from the beginning of the topics (no checkpoint in "
                    + checkpoints
                    + ")"));
    Configuration conf = StreamCheckpoints.configuration(checkpointInterval, checkpoints, newest);
    // Hadoop's shutdown hooks outlive the job's user class loader in a local run.
    conf.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
    return StreamExecutionEnvironment.createLocalEnvironment(conf);
  }

  /** {@code .larder/streams/{project}/{view@vN+…}}; emptied by --from-scratch. */
  private Path stateDir(LarderConfig config, List<FeatureView> views) {
    String name =
        String.join("+", views.stream().map(FeatureView::qualifiedName).sorted().toList());
    Path dir = config.localDir().resolve("streams").resolve(views.get(0).project()).resolve(name);
    try {
      if (fromScratch && Files.exists(dir)) {
        try (Stream<Path> all = Files.walk(dir)) {
          for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(f);
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
    return dir;
  }

  /** The run id kept in the state directory, or a new one for a first run. */
  private static String runId(Path stateDir) {
    Path file = stateDir.resolve("run-id");
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file).trim();
      }
      String id = UUID.randomUUID().toString().substring(0, 8);
      Files.writeString(file, id + "\n");
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the run id in " + file, e);
    }
  }

  private static Source streamSource(RegisteredProject p, FeatureView view) {
    Source s = view.source() == null ? null : p.project().sources().get(view.source());
    if (s == null || s.stream() == null) {
      throw new LarderException(
          "feature view "
              + view.qualifiedName()
              + " has no streaming source (its source needs a stream: {kafka_topic: …} section)");
    }
    return s;
  }
}
