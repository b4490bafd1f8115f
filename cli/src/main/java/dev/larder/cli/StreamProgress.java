package dev.larder.cli;

import dev.larder.pipelines.PipelineCounters;
import dev.larder.pipelines.stream.StreamRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Prints a running streaming job's metrics every {@link #EVERY}: events in, bad (dead letters),
 * duplicates, late, rows out, freshness (now minus the newest event time of a row written) and
 * consumer lag (records between the offsets the job committed at its last checkpoint and the end of
 * its topics). Returns when the job ends.
 */
final class StreamProgress {

  static final Duration EVERY = Duration.ofSeconds(5);

  private final JobClient job;
  private final List<StreamRequest> requests;
  private final String bootstrapServers;
  private final PrintWriter out;

  StreamProgress(
      JobClient job, List<StreamRequest> requests, String bootstrapServers, PrintWriter out) {
    this.job = job;
    this.requests = requests;
    this.bootstrapServers = bootstrapServers;
    this.out = out;
  }

  void followUntilDone() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(p)) {
      while (true) {
        JobStatus status = job.getJobStatus().get(30, TimeUnit.SECONDS);
        if (status.isGloballyTerminalState()) {
          print(admin);
          out.println("Job " + job.getJobID() + " " + status);
          out.flush();
          job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
          return;
        }
        print(admin);
        Thread.sleep(EVERY.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new dev.larder.registry.errors.LarderException(
          "the streaming job failed: " + LarderCli.oneLine(e), e);
    }
  }

  private void print(Admin admin) throws InterruptedException {
    Map<String, Object> acc;
    try {
      acc = job.getAccumulators().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      acc = Map.of();
    }
    long newest = count(acc, PipelineCounters.NEWEST_ROW_MICROS);
    String freshness =
        newest <= 0
            ? "-"
            : String.format("%.1f s", (Instant.now().toEpochMilli() - newest / 1000) / 1000.0);
    out.printf(
        "%s  in %d  bad %d  duplicates %d  late %d  rows %d  freshness %s  lag %s%n",
        Instant.now().toString().substring(11, 19),
        count(acc, PipelineCounters.READ),
        count(acc, PipelineCounters.BAD),
        count(acc, PipelineCounters.DUPLICATES),
        count(acc, PipelineCounters.LATE),
        count(acc, PipelineCounters.ROWS),
        freshness,
        lag(admin));
    out.flush();
  }

  /** Records not yet committed by the job's consumer groups, summed over views; "-" if unknown. */
  private String lag(Admin admin) throws InterruptedException {
    long total = 0;
    try {
      for (StreamRequest r : requests) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(r.consumerGroup())
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin
            .describeTopics(List.of(r.topic()))
            .allTopicNames()
            .get(10, TimeUnit.SECONDS)
            .get(r.topic())
            .partitions()
            .forEach(
                i -> latest.put(new TopicPartition(r.topic(), i.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
            ends.entrySet()) {
          OffsetAndMetadata c = committed.get(e.getKey());
          total += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
      }
      return Long.toString(total);
    } catch (ExecutionException | TimeoutException e) {
      return "-";
    }
  }

  private static long count(Map<String, Object> acc, String name) {
    Object v = acc.get(name);
    return v instanceof Number n ? n.longValue() : 0;
  }
}
