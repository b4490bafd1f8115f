package dev.larder.pipelines.stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.larder.pipelines.batch.BackfillJob;
import dev.larder.pipelines.batch.BackfillRequest;
import dev.larder.pipelines.batch.BackfillResult;
import dev.larder.pipelines.sink.delta.TableTarget;
import dev.larder.pipelines.source.RecordFormat;
import dev.larder.pipelines.testing.KafkaBrokerExtension;
import dev.larder.pipelines.transform.EventSets;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Source;
import dev.larder.registry.model.StreamConfig;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisOnlineStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Test fixtures for the streaming job: the test view, random event streams, producing them, running
 * the job on the test MiniCluster, and reading what it wrote, next to a backfill of the same
 * events.
 */
final class StreamFixtures {

  /** The events' first time. */
  static final Instant BASE = Instant.parse("2026-11-23T00:00:00Z");

  static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(2);

  private StreamFixtures() {}

  /** The {@link EventSets} source, streaming from {@code topic}. */
  static Source source(String topic) {
    return new Source(
        "orders",
        "event_time",
        "order_id",
        EventSets.SCHEMA,
        new StreamConfig(topic, "json", MAX_OUT_OF_ORDERNESS),
        null,
        null);
  }

  /** A view with all-time, windowed and copied features over {@link #source}. */
  static FeatureView view() {
    return EventSets.view(
        List.of(
            EventSets.count("orders"),
            feature("amount_5s", ValueType.DOUBLE, AggregationFunction.SUM, "amount", 5),
            feature("items_avg_10s", ValueType.DOUBLE, AggregationFunction.AVG, "items", 10),
            feature("max_amount", ValueType.DOUBLE, AggregationFunction.MAX, "amount", 0),
            feature("first_tag", ValueType.STRING, AggregationFunction.FIRST, "tag", 0),
            new Feature("last_tag", ValueType.STRING, "tag", null, null, null)));
  }

  private static Feature feature(
      String name, ValueType type, AggregationFunction fn, String column, int windowSeconds) {
    return new Feature(
        name,
        type,
        null,
        new Aggregation(fn, column, windowSeconds == 0 ? null : Duration.ofSeconds(windowSeconds)),
        null,
        null);
  }

  /**
   * {@code n} orders of {@code customers} customers, 20 ms apart in event time (some at the same
   * time), as JSON in arrival order: each arrives up to 1.5 s after its event time (out of order,
   * within {@link #MAX_OUT_OF_ORDERNESS}), and about one in twenty is delivered twice.
   */
  static List<String> orders(Random random, int n, int customers) {
    record Arrival(long atMillis, String json) {}
    List<Arrival> arrivals = new ArrayList<>();
    long base = BASE.toEpochMilli();
    for (int i = 0; i < n; i++) {
      long t = base + (i / 2) * 40L + (i % 2) * (random.nextBoolean() ? 0 : 20);
      JsonObject o = new JsonObject();
      o.addProperty("order_id", "o" + i);
      o.addProperty("customer_id", "c" + random.nextInt(customers));
      if (random.nextInt(10) > 0) {
        o.addProperty("amount", Math.round(random.nextDouble() * 10_000) / 100.0);
      }
      o.addProperty("items", random.nextInt(20) - 2);
      if (random.nextInt(5) > 0) {
        o.addProperty("tag", List.of("a", "b", "c").get(random.nextInt(3)));
      }
      o.addProperty("event_time", Instant.ofEpochMilli(t).toString());
      long arrival = t + random.nextInt(1500);
      arrivals.add(new Arrival(arrival, o.toString()));
      if (random.nextInt(20) == 0) {
        arrivals.add(new Arrival(arrival + random.nextInt(3000), o.toString()));
      }
    }
    arrivals.sort(Comparator.comparingLong(Arrival::atMillis));
    return arrivals.stream().map(Arrival::json).toList();
  }

  /**
   * Two events of customer {@code flush} (send one to each partition) later than every order by
   * more than {@link #MAX_OUT_OF_ORDERNESS}, so that an unbounded job's watermark passes every
   * order. Its own rows stay pending and are never written.
   */
  static List<String> watermarkFlush(List<String> orders) {
    Instant last =
        orders.stream()
            .map(
                o ->
                    Instant.parse(
                        JsonParser.parseString(o)
                            .getAsJsonObject()
                            .get("event_time")
                            .getAsString()))
            .max(Comparator.naturalOrder())
            .orElse(BASE);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JsonObject o = new JsonObject();
      o.addProperty("order_id", "flush" + i);
      o.addProperty("customer_id", "flush");
      o.addProperty("event_time", last.plus(MAX_OUT_OF_ORDERNESS).plusSeconds(5).toString());
      out.add(o.toString());
    }
    return out;
  }

  /** Sends each record to a random partition of {@code topic} and waits for the broker. */
  static void produce(
      KafkaBrokerExtension kafka, String topic, int partitions, List<String> records, Random r)
      throws Exception {
    try (KafkaProducer<String, String> producer = kafka.producer()) {
      for (String json : records) {
        producer.send(new ProducerRecord<>(topic, r.nextInt(partitions), null, json));
      }
      producer.flush();
    }
  }

  /** A request whose partitions count as idle only after a minute without events. */
  static StreamRequest request(
      FeatureView view,
      Source source,
      KafkaBrokerExtension kafka,
      Path offlineRoot,
      String redisUri,
      String runId,
      boolean bounded) {
    return request(
        view, source, kafka, offlineRoot, redisUri, runId, bounded, Duration.ofMinutes(1));
  }

  /**
   * A request whose partitions count as idle after {@code idle} without events (a job with more
   * tasks than partitions needs a short one: its tasks without a partition are idle).
   */
  static StreamRequest request(
      FeatureView view,
      Source source,
      KafkaBrokerExtension kafka,
      Path offlineRoot,
      String redisUri,
      String runId,
      boolean bounded,
      Duration idle) {
    return new StreamRequest(
        view,
        source,
        kafka.bootstrapServers(),
        offlineRoot.toString(),
        Map.of(),
        redisUri,
        runId,
        // A backlog read on a busy machine can pause a partition for seconds; idleness would then
        // let the other partition's watermark make its events late. Tests send to every partition.
        new StreamSettings(
            bounded,
            StreamSettings.DEFAULT.dedupTtl(),
            idle,
            StreamSettings.DEFAULT.redisFlushInterval(),
            StreamSettings.DEFAULT.redisChunkRows(),
            StreamSettings.DEFAULT.redisChunksInFlight(),
            StreamSettings.DEFAULT.redisChunkTimeout()));
  }

  /** An environment on the test MiniCluster, checkpointing every 200 ms into {@code dir}. */
  static StreamExecutionEnvironment environment(
      StreamRequest request, Path checkpoints, Optional<Path> restoreFrom) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            StreamCheckpoints.configuration(Duration.ofMillis(200), checkpoints, restoreFrom));
    env.setParallelism(2);
    StreamJob.configure(env);
    StreamJob.add(env, request);
    return env;
  }

  /** Runs a bounded request to the end of the topic and returns the job's result. */
  static JobExecutionResult runToEnd(StreamRequest request, Path checkpoints) throws Exception {
    return environment(request, checkpoints, StreamCheckpoints.newest(checkpoints))
        .execute("stream " + request.view().qualifiedName());
  }

  /** Starts an unbounded request, resuming from the newest checkpoint if any. */
  static JobClient start(StreamRequest request, Path checkpoints) throws Exception {
    return environment(request, checkpoints, StreamCheckpoints.newest(checkpoints))
        .executeAsync("stream " + request.view().qualifiedName());
  }

  static long count(JobExecutionResult result, String name) {
    Object v = result.getAllAccumulatorResults().get(name);
    return v instanceof Number n ? n.longValue() : 0;
  }

  /** Writes the records as a JSON-lines file and backfills the view from it into {@code root}. */
  static BackfillResult backfill(FeatureView view, Source source, List<String> records, Path root)
      throws IOException {
    Path input = root.resolveSibling(root.getFileName() + "-input").resolve("orders.jsonl");
    Files.createDirectories(input.getParent());
    Files.write(input, records);
    return BackfillJob.run(
        new BackfillRequest(
            view,
            source,
            input.getParent(),
            RecordFormat.JSONL,
            BASE.minus(Duration.ofDays(1)),
            BASE.plus(Duration.ofDays(1)),
            root.toString(),
            Map.of(),
            "batch",
            BASE.plus(Duration.ofDays(2))),
        StreamExecutionEnvironment.getExecutionEnvironment());
  }

  /** The rows of the view's table, without their created time, sorted by entity and time. */
  static List<String> deltaRows(FeatureView view, Path root) {
    List<OfflineRow> rows =
        new ArrayList<>(
            TableTarget.open(root.toString(), Map.of()).snapshot(view).read(ReadFilter.all()));
    rows.sort(
        Comparator.comparing((OfflineRow r) -> r.entity().toString())
            .thenComparingLong(OfflineRow::eventTimeMicros));
    return rows.stream()
        .map(r -> r.entity() + "@" + r.eventTimeMicros() + " " + r.values())
        .toList();
  }

  /** The newest row of each entity in the view's table: entity to event time and values. */
  static Map<String, String> newestRows(FeatureView view, Path root) {
    Map<String, String> out = new TreeMap<>();
    for (OfflineRow r :
        TableTarget.open(root.toString(), Map.of())
            .newestPerEntity(view, BASE.minus(Duration.ofDays(1)), BASE.plus(Duration.ofDays(1)))) {
      out.put(r.entity().toString(), r.eventTimeMicros() + " " + r.values());
    }
    return out;
  }

  /** What Redis holds for the given entities: entity to event time and values. */
  static Map<String, String> redisRows(
      FeatureView view, String redisUri, List<List<Value>> entities) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (OnlineStore store =
        RedisOnlineStores.connect(RedisOnlineStoreOptions.builder().redisUri(redisUri).build())) {
      List<RowKey> keys = entities.stream().map(e -> new RowKey(view, e)).toList();
      List<StoredRow> rows = store.read(keys).get(10, TimeUnit.SECONDS);
      for (int i = 0; i < keys.size(); i++) {
        if (rows.get(i) != null) {
          var row = rows.get(i).decode();
          out.put(entities.get(i).toString(), row.eventTimeMicros() + " " + row.values());
        }
      }
    }
    return out;
  }

  /** The join-key values of customers {@code c0..c(n-1)}. */
  static List<List<Value>> customers(int n) {
    List<List<Value>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(List.of(Value.newBuilder().setStringVal("c" + i).build()));
    }
    return out;
  }
}
