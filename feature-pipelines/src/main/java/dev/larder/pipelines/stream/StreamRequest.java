package dev.larder.pipelines.stream;

import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Source;
import dev.larder.registry.model.StreamConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One view to stream: where its events come from and where its rows go.
 *
 * @param view the view version to compute
 * @param source its source, which must have a {@code stream} section
 * @param kafkaBootstrapServers the Kafka cluster holding the source's topic
 * @param offlineRoot the offline store root: a local directory or a Hadoop file system URI
 * @param hadoopProperties Hadoop settings for the offline store
 * @param redisUri the online store
 * @param runId names the run: its Kafka consumer group and its Delta transactions. A run resumed
 *     from its checkpoint keeps its id, so that a commit retried after a restart is a no-op; a run
 *     started from scratch takes a new one
 * @param settings how the job runs
 * @throws IllegalArgumentException if the source has no stream
 */
public record StreamRequest(
    FeatureView view,
    Source source,
    String kafkaBootstrapServers,
    String offlineRoot,
    Map<String, String> hadoopProperties,
    String redisUri,
    String runId,
    StreamSettings settings) {

  public StreamRequest {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(source, "source");
    if (source.stream() == null) {
      throw new IllegalArgumentException(
          "source " + source.name() + " of " + view.qualifiedName() + " has no stream section");
    }
    Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
    Objects.requireNonNull(offlineRoot, "offlineRoot");
    hadoopProperties = Map.copyOf(hadoopProperties);
    Objects.requireNonNull(redisUri, "redisUri");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(settings, "settings");
  }

  public StreamConfig stream() {
    return source.stream();
  }

  public String topic() {
    return stream().kafkaTopic();
  }

  /** The dead-letter topic: the source topic's name with {@code .dlq} appended. */
  public String deadLetterTopic() {
    return topic() + ".dlq";
  }

  public Duration maxOutOfOrderness() {
    return stream().maxOutOfOrderness();
  }

  /** {@code larder-stream.{project}.{view}.v{N}.{runId}}: where the job commits its offsets. */
  public String consumerGroup() {
    return "larder-stream."
        + view.project()
        + "."
        + view.name()
        + ".v"
        + view.version()
        + "."
        + runId;
  }

  /**
   * The application id of the run's Delta transactions, {@code
   * larder-stream/{project}/{view@vN}/{runId}}; each commit's version is its checkpoint id, which
   * keeps growing across restarts from a checkpoint.
   */
  public String transactionAppId() {
    return "larder-stream/" + view.project() + "/" + view.qualifiedName() + "/" + runId;
  }
}
