package dev.larder.cli;

import dev.larder.registry.errors.LarderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Option;

/**
 * Where a command's Flink job runs: in this process by default, or, with {@code --flink-rest}, on a
 * Flink cluster that gets the pipelines' job jar ({@code --job-jar}) with the job. Paths the job
 * reads and writes (sources, the offline root) must then mean the same on the cluster's machines: a
 * shared file system or an object store.
 */
final class FlinkClusterOptions {

  @Option(
      names = "--flink-rest",
      paramLabel = "HOST:PORT",
      description =
          "Submit to this Flink cluster's REST endpoint instead of running in process (default:"
              + " larder.yaml's flink_rest or LARDER_FLINK_REST); needs --job-jar.")
  String flinkRest;

  @Option(
      names = "--job-jar",
      paramLabel = "JAR",
      description =
          "The pipelines' job jar to ship to the cluster (build it with ./mvnw -pl"
              + " feature-pipelines -am package -Pjob-jar -DskipTests).")
  Path jobJar;

  /** The cluster to submit to: the option, else the config's {@code flink_rest}. */
  Optional<String> rest(LarderConfig config) {
    return Optional.ofNullable(flinkRest).or(() -> config.get("flink_rest"));
  }

  /**
   * The cluster's environment when one is given, else {@code local}.
   *
   * @param conf the job's configuration on the cluster
   * @throws LarderException when the cluster address or the job jar is missing or malformed
   */
  StreamExecutionEnvironment environment(
      LarderConfig config, Configuration conf, Supplier<StreamExecutionEnvironment> local) {
    Optional<String> rest = rest(config);
    if (rest.isEmpty()) {
      return local.get();
    }
    if (jobJar == null || !Files.isRegularFile(jobJar)) {
      throw new LarderException(
          "--flink-rest needs --job-jar: build it with ./mvnw -pl feature-pipelines -am package"
              + " -Pjob-jar -DskipTests");
    }
    String address = rest.get();
    int colon = address.lastIndexOf(':');
    int port = -1;
    if (colon > 0) {
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (port < 1 || port > 65535) {
      throw new LarderException("--flink-rest '" + address + "' is not HOST:PORT");
    }
    return StreamExecutionEnvironment.createRemoteEnvironment(
        address.substring(0, colon), port, conf, jobJar.toAbsolutePath().toString());
  }
}
