package dev.larder.pipelines.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.management.OperatingSystemMXBean;
import dev.larder.pipelines.PipelineCounters;
import dev.larder.pipelines.testing.KafkaBrokerExtension;
import dev.larder.pipelines.transform.EventSets;
import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Source;
import dev.larder.registry.model.StreamConfig;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisOnlineStores;
import dev.larder.testing.RedisServerExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job's sustained throughput and event-to-Redis latency, each next to a raw Kafka
 * consumer on the same topic in the same run. Runs only when asked, with {@code
 * -Dlarder.stream.benchmarkEvents=1000000} (and optionally {@code -Dlarder.stream.benchmarkRate}
 * events/s for the latency phase, default 5000, {@code -Dlarder.stream.benchmarkSeconds}, default
 * 30, and {@code -Dlarder.stream.benchmarkWarmupEvents}, default half the events). The job runs in
 * a local environment with parallelism 2, as {@code larder stream} runs it.
 *
 * <p>The sustained rate is that of a job whose code the JVM has already compiled, as it is a minute
 * into a long-running job: a first job over a warm-up backlog of its own (its rate is printed as
 * the cold rate) runs before the measured one. Without it, the JIT compilers take about a third of
 * the two cores during the measured backlog.
 */
@EnabledIfSystemProperty(named = "larder.stream.benchmarkEvents", matches = "\\d+")
class StreamBenchmarkIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(1);
  private static final int CUSTOMERS = 10_000;

  /** Every how many produced events the latency phase samples one. */
  private static final int SAMPLE_EVERY = 50;

  /** How often the sampler reads the rows of the samples it has not seen yet. */
  private static final Duration SAMPLE_POLL = Duration.ofMillis(5);

  @TempDir Path dir;

  @Test
  void throughputAndLatency() throws Exception {
    int n = Integer.getInteger("larder.stream.benchmarkEvents");
    int rate = Integer.getInteger("larder.stream.benchmarkRate", 5000);
    int seconds = Integer.getInteger("larder.stream.benchmarkSeconds", 30);
    FeatureView view = StreamFixtures.view();

    int warmup = Integer.getInteger("larder.stream.benchmarkWarmupEvents", n / 2);
    Throughput cold = null;
    if (warmup > 0) {
      KAFKA.createTopic("warmup", 2);
      produceBacklog("warmup", warmup);
      cold = streamRate(view, source("warmup"), warmup, "warmup");
      REDIS.commands().flushall();
    }
    KAFKA.createTopic("bench", 2);
    produceBacklog("bench", n);
    double rawRate = rawConsumerRate("bench", n);
    Throughput stream = streamRate(view, source("bench"), n, "bench");
    System.out.printf(
        "throughput: stream %.0f events/s, raw consumer %.0f events/s, ratio %.2f (%d events, %d"
            + " customers, parallelism 2, after a warm-up job over %d events: %s); CPU per million"
            + " events: JVM %.1f s, job's tasks %.1f s%n",
        stream.eventsPerSecond(),
        rawRate,
        stream.eventsPerSecond() / rawRate,
        n,
        CUSTOMERS,
        warmup,
        cold == null ? "none" : String.format("%.0f events/s", cold.eventsPerSecond()),
        stream.cpuSecondsPerMillion(),
        stream.taskCpuSecondsPerMillion());

    KAFKA.createTopic("live", 2);
    List<Long> latencies = new ArrayList<>();
    List<Long> raw = new ArrayList<>();
    long unseen = latencies(view, source("live"), rate, seconds, latencies, raw);
    System.out.printf(
        "latency at %d events/s for %d s (max_out_of_orderness %d ms): stream p50 %d ms, p99 %d"
            + " ms, max %d ms (%d samples, every %dth event, %d never seen); raw consumer p50 %d"
            + " ms, p99 %d ms (%d samples)%n",
        rate,
        seconds,
        OUT_OF_ORDERNESS.toMillis(),
        percentile(latencies, 50),
        percentile(latencies, 99),
        percentile(latencies, 100),
        latencies.size(),
        SAMPLE_EVERY,
        unseen,
        percentile(raw, 50),
        percentile(raw, 99),
        raw.size());
    assertThat(latencies).isNotEmpty();
    assertThat(stream.eventsPerSecond()).isPositive();
  }

  private static Source source(String topic) {
    return new Source(
        "orders",
        "event_time",
        "order_id",
        EventSets.SCHEMA,
        new StreamConfig(topic, "json", OUT_OF_ORDERNESS),
        null,
        null);
  }

  private static String order(long i, int customer, long millis, Random r) {
    JsonObject o = new JsonObject();
    o.addProperty("order_id", "o" + i);
    o.addProperty("customer_id", "c" + customer);
    o.addProperty("amount", r.nextInt(10_000) / 100.0);
    o.addProperty("items", r.nextInt(10));
    o.addProperty("tag", r.nextBoolean() ? "a" : "b");
    o.addProperty("event_time", Instant.ofEpochMilli(millis).toString());
    return o.toString();
  }

  /** {@code n} orders, 10 per millisecond of event time, half to each partition. */
  private static void produceBacklog(String topic, int n) {
    Random r = new Random(1);
    long base = StreamFixtures.BASE.toEpochMilli();
    try (KafkaProducer<String, String> producer = KAFKA.producer()) {
      for (int i = 0; i < n; i++) {
        producer.send(
            new ProducerRecord<>(
                topic, i % 2, null, order(i, r.nextInt(CUSTOMERS), base + i / 10, r)));
      }
      producer.flush();
    }
  }

  private static KafkaConsumer<String, String> consumer(String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  /** A plain consumer reading (and JSON-parsing) the whole topic: events/s. */
  private static double rawConsumerRate(String topic, int n) {
    try (KafkaConsumer<String, String> c = consumer("raw-" + topic)) {
      c.subscribe(List.of(topic));
      long read = 0;
      long started = System.nanoTime();
      while (read < n) {
        for (ConsumerRecord<String, String> rec : c.poll(Duration.ofMillis(200))) {
          JsonParser.parseString(rec.value());
          read++;
        }
      }
      return n / ((System.nanoTime() - started) / 1e9);
    }
  }

  private StreamExecutionEnvironment environment(String name) {
    Configuration conf =
        StreamCheckpoints.configuration(
            Duration.ofSeconds(10), dir.resolve(name + "-checkpoints"), Optional.empty());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    StreamJob.configure(env);
    return env;
  }

  /**
   * The job's rate over the backlog, and the CPU time per million of those events that this JVM
   * (job, broker, benchmark, garbage collector) and the job's task threads alone spent, all between
   * 10% and 90% of it read (steady state).
   */
  private record Throughput(
      double eventsPerSecond, double cpuSecondsPerMillion, double taskCpuSecondsPerMillion) {}

  /** The job over the backlog, measured between 10% and 90% of it read. */
  private Throughput streamRate(FeatureView view, Source source, int n, String name)
      throws Exception {
    StreamExecutionEnvironment env = environment(name);
    StreamJob.add(
        env,
        StreamFixtures.request(
            view, source, KAFKA, dir.resolve("offline-" + name), REDIS.uri(), name, false));
    JobClient job = env.executeAsync(name);
    long[] t10t90 = new long[2];
    long[] cpu10cpu90 = new long[2];
    Map<Long, Long> tasksAt10 = new HashMap<>();
    Map<Long, Long> tasksAt90 = new HashMap<>();
    try {
      await()
          .atMost(Duration.ofMinutes(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                long read = read(job, PipelineCounters.READ);
                long now = System.nanoTime();
                if (t10t90[0] == 0 && read >= n / 10) {
                  t10t90[0] = now;
                  cpu10cpu90[0] = processCpuNanos();
                  tasksAt10.putAll(taskCpuNanos());
                }
                if (read >= n * 9L / 10) {
                  t10t90[1] = now;
                  cpu10cpu90[1] = processCpuNanos();
                  tasksAt90.putAll(taskCpuNanos());
                }
                return t10t90[1] != 0;
              });
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
    double events = n * 0.8;
    long taskNanos = 0;
    for (Map.Entry<Long, Long> t : tasksAt90.entrySet()) {
      taskNanos += t.getValue() - tasksAt10.getOrDefault(t.getKey(), 0L);
    }
    return new Throughput(
        events / ((t10t90[1] - t10t90[0]) / 1e9),
        (cpu10cpu90[1] - cpu10cpu90[0]) / 1e9 / (events / 1e6),
        taskNanos / 1e9 / (events / 1e6));
  }

  /** CPU time so far of each of the job's task threads (named after its steps), by thread id. */
  private static Map<Long, Long> taskCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().contains(StreamFixtures.view().qualifiedName())) {
        cpu.put(t.getThreadId(), threads.getThreadCpuTime(t.getThreadId()));
      }
    }
    return cpu;
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Events at {@code rate} per second with event time = now, for {@code seconds} and then a tail of
   * {@code max_out_of_orderness} + 2 s that moves the watermark past the last samples. Every {@link
   * #SAMPLE_EVERY}th event before the tail is a sample: a sampler polls Redis for the rows of all
   * samples not yet seen, every {@link #SAMPLE_POLL}, and a sample's latency is the time its row
   * (or a newer one of its customer) was first seen minus its event time; samples from before the
   * job's first row in Redis are skipped (start-up). Meanwhile a plain consumer notes now - event
   * time of every 10th record.
   *
   * @return how many samples were not seen within a minute after the last one was taken
   */
  private long latencies(
      FeatureView view, Source source, int rate, int seconds, List<Long> stream, List<Long> raw)
      throws Exception {
    StreamExecutionEnvironment env = environment("live");
    StreamJob.add(
        env,
        StreamFixtures.request(
            view, source, KAFKA, dir.resolve("offline-live"), REDIS.uri(), "live", false));
    JobClient job = env.executeAsync("live");
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean sampling = new AtomicBoolean(true);
    long tailMillis = OUT_OF_ORDERNESS.toMillis() + 2000;
    Queue<Sample> produced = new ConcurrentLinkedQueue<>();
    Thread producer =
        new Thread(
            () -> {
              Random r = new Random(2);
              long started = System.currentTimeMillis();
              long sent = 0;
              Pacer pacer = new Pacer(Duration.ofMillis(1));
              try (KafkaProducer<String, String> p = KAFKA.producer()) {
                while (System.currentTimeMillis() - started < seconds * 1000L + tailMillis) {
                  long due = (System.currentTimeMillis() - started) * rate / 1000;
                  for (; sent < due; sent++) {
                    long now = System.currentTimeMillis();
                    int customer = r.nextInt(CUSTOMERS);
                    p.send(
                        new ProducerRecord<>(
                            source.stream().kafkaTopic(),
                            (int) (sent % 2),
                            null,
                            order(sent, customer, now, r)));
                    if (sent % SAMPLE_EVERY == 0 && sampling.get()) {
                      produced.add(new Sample(key(view, customer), now));
                    }
                  }
                  if (System.currentTimeMillis() - started >= seconds * 1000L) {
                    sampling.set(false);
                  }
                  pacer.awaitNextTurn();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                done.set(true);
              }
            });
    Thread consumer =
        new Thread(
            () -> {
              try (KafkaConsumer<String, String> c = consumer("raw-live")) {
                c.subscribe(List.of(source.stream().kafkaTopic()));
                long i = 0;
                while (!done.get()) {
                  for (ConsumerRecord<String, String> rec : c.poll(Duration.ofMillis(100))) {
                    if (i++ % 10 == 0) {
                      long t =
                          Instant.parse(
                                  JsonParser.parseString(rec.value())
                                      .getAsJsonObject()
                                      .get("event_time")
                                      .getAsString())
                              .toEpochMilli();
                      synchronized (raw) {
                        raw.add(System.currentTimeMillis() - t);
                      }
                    }
                  }
                }
              }
            });
    producer.start();
    consumer.start();
    try (OnlineStore store =
        RedisOnlineStores.connect(
            RedisOnlineStoreOptions.builder().redisUri(REDIS.uri()).build())) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> produced.peek() != null && seen(store, List.of(produced.peek())).get(0));
      long from = System.currentTimeMillis();
      List<Sample> pending = new ArrayList<>();
      Pacer sampler = new Pacer(SAMPLE_POLL);
      long deadline = Long.MAX_VALUE;
      while (deadline > System.currentTimeMillis()) {
        for (Sample s = produced.poll(); s != null; s = produced.poll()) {
          if (s.eventMillis() >= from) {
            pending.add(s);
          }
        }
        if (!pending.isEmpty()) {
          List<Boolean> seen = seen(store, pending);
          long now = System.currentTimeMillis();
          List<Sample> still = new ArrayList<>();
          for (int i = 0; i < pending.size(); i++) {
            if (seen.get(i)) {
              stream.add(now - pending.get(i).eventMillis());
            } else {
              still.add(pending.get(i));
            }
          }
          pending = still;
        }
        if (!sampling.get() && deadline == Long.MAX_VALUE) {
          deadline = System.currentTimeMillis() + 60_000;
        }
        if (!sampling.get() && pending.isEmpty() && produced.isEmpty()) {
          break;
        }
        sampler.awaitNextTurn();
      }
      return pending.size();
    } finally {
      producer.join();
      consumer.join();
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  /** An event sampled for latency: its customer's Redis key and its event time. */
  private record Sample(RowKey key, long eventMillis) {}

  /** For each sample, whether Redis holds its customer's row at the sample's time or newer. */
  private static List<Boolean> seen(OnlineStore store, List<Sample> samples) throws Exception {
    List<StoredRow> rows =
        store.read(samples.stream().map(Sample::key).toList()).get(5, TimeUnit.SECONDS);
    List<Boolean> seen = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      StoredRow row = rows.get(i);
      seen.add(row != null && row.eventTimeMicros() >= samples.get(i).eventMillis() * 1000);
    }
    return seen;
  }

  private static RowKey key(FeatureView view, int customer) {
    return new RowKey(view, List.of(Value.newBuilder().setStringVal("c" + customer).build()));
  }

  /**
   * Paces a loop at one turn per period; a turn that comes late moves the next ones, so turns never
   * bunch up. The one wait of this benchmark that is for the clock, not for a condition.
   */
  private static final class Pacer {
    private final long periodNanos;
    private long next = System.nanoTime();

    Pacer(Duration period) {
      this.periodNanos = period.toNanos();
    }

    /** Returns at the start of the next turn, at once if it is already due. */
    void awaitNextTurn() throws InterruptedException {
      long now = System.nanoTime();
      next = Math.max(next + periodNanos, now);
      long wait = next - now;
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
  }

  private static long read(JobClient job, String name) throws Exception {
    Map<String, Object> acc = job.getAccumulators().get(30, TimeUnit.SECONDS);
    Object v = acc.get(name);
    return v instanceof Number x ? x.longValue() : 0;
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
