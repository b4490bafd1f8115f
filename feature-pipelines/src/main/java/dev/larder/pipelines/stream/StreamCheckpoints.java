package dev.larder.pipelines.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * Durable checkpoints of a locally run streaming job: kept in a directory of the job's own,
 * retained when the job is cancelled or dies, so that running the job again resumes from the newest
 * one.
 */
public final class StreamCheckpoints {

  private StreamCheckpoints() {}

  /**
   * The Flink settings of a job that checkpoints exactly once every {@code interval} into {@code
   * dir} (a file system directory) and keeps its newest checkpoint when cancelled, resuming from
   * {@code restoreFrom} when given.
   */
  public static Configuration configuration(
      Duration interval, Path dir, Optional<Path> restoreFrom) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toAbsolutePath().toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    restoreFrom.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toString()));
    return conf;
  }

  /**
   * The newest completed checkpoint under {@code dir}: of the {@code {jobId}/chk-{n}} directories
   * holding a {@code _metadata} file, the one with the greatest {@code n} (a job restored from a
   * checkpoint numbers its own from there on).
   */
  public static Optional<Path> newest(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(dir)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(StreamCheckpoints::completed)
          .max(Comparator.comparingLong(StreamCheckpoints::number));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
    }
  }

  private static Stream<Path> completed(Path jobDir) {
    try (Stream<Path> s = Files.list(jobDir)) {
      return s
          .filter(p -> p.getFileName().toString().matches("chk-\\d+"))
          .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + jobDir, e);
    }
  }

  private static long number(Path chk) {
    return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
  }
}
