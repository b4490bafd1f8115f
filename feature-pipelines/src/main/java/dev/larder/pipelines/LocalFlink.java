package dev.larder.pipelines;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The in-process Flink that one-shot jobs (backfill, training sets) run on by default. */
public final class LocalFlink {

  private LocalFlink() {}

  /** A local MiniCluster environment with one slot per core, at most four. */
  public static StreamExecutionEnvironment environment() {
    int parallelism = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    Configuration conf = new Configuration();
    // Hadoop's shutdown hooks outlive the job's user class loader in a one-shot local run.
    conf.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
    return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
  }
}
