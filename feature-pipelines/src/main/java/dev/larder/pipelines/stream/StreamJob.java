package dev.larder.pipelines.stream;

import dev.larder.pipelines.sink.ConvertRows;
import dev.larder.pipelines.sink.delta.CheckpointCommitter;
import dev.larder.pipelines.sink.delta.StageRows;
import dev.larder.pipelines.sink.delta.TableTarget;
import dev.larder.pipelines.sink.redis.RedisRowSink;
import dev.larder.pipelines.transform.BadRecord;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.EventParser;
import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.LateEvents;
import dev.larder.pipelines.transform.Parsed;
import dev.larder.pipelines.transform.ViewProgram;
import dev.larder.pipelines.transform.ViewSnapshot;
import dev.larder.pipelines.types.EventKeys;
import dev.larder.pipelines.types.PipelineTypes;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.StagedFile;
import dev.larder.storage.offline.TransactionId;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The streaming job's topology (DESIGN §8), one pipeline per view in one Flink job:
 *
 * <pre>
 * Kafka source (parse in the source, per-partition watermarks: max_out_of_orderness, idleness)
 *   ├─ bad records ──────────────────────────────────────────────► dead-letter topic
 *   └─ events ─ keyBy id: DropDuplicates ─ keyBy entity: OrderedAggregation
 *        ├─ rows ─ ConvertRows ─┬─► Redis (newest-wins, pipelined)
 *        │                      └─► StageRows ─► CheckpointCommitter (Delta)
 *        └─ late ─ ConvertRows ──► StageRows ─► CheckpointCommitter (late table)
 * </pre>
 *
 * <p>Parsing, dedup keys, ordering and aggregation are {@code pipelines.transform}'s, the code the
 * backfill runs; each row is converted to the stores' values once for both sinks. Records travel
 * with {@link PipelineTypes}' serializers. The caller configures the environment (checkpointing,
 * state backend) and executes it.
 */
public final class StreamJob {

  private StreamJob() {}

  /**
   * How often the source emits a watermark. A row waits for the watermark to pass its time, so this
   * adds up to its length to the event-to-Redis latency (Flink's default is 200 ms).
   */
  static final Duration WATERMARK_INTERVAL = Duration.ofMillis(50);

  /**
   * How long a partly filled network buffer waits before it is sent to the next step. Rows and
   * watermarks cross two such steps (by id, by entity), each adding up to this (Flink's default is
   * 100 ms); a full buffer is sent at once, so under load this costs nothing.
   */
  static final Duration BUFFER_TIMEOUT = Duration.ofMillis(10);

  /**
   * Sets what the pipelines rely on: records passed by reference between chained steps (no step
   * keeps or changes a record it has emitted), and checkpoints that the caller configured; and the
   * {@link #WATERMARK_INTERVAL} and {@link #BUFFER_TIMEOUT} that keep event-to-Redis latency near
   * the source's {@code max_out_of_orderness}.
   */
  public static void configure(StreamExecutionEnvironment env) {
    env.getConfig().enableObjectReuse();
    env.getConfig().setAutoWatermarkInterval(WATERMARK_INTERVAL.toMillis());
    env.setBufferTimeout(BUFFER_TIMEOUT.toMillis());
  }

  /** Adds the pipeline of one view to {@code env}. */
  public static void add(StreamExecutionEnvironment env, StreamRequest request) {
    ViewProgram program = ViewProgram.compile(request.view(), request.source());
    String name = request.view().qualifiedName();
    StreamSettings settings = request.settings();

    SingleOutputStreamOperator<Event> events =
        env.fromSource(kafkaSource(request, program), watermarks(request), "kafka " + name)
            .uid("kafka-" + name)
            .process(new SplitBadRecords(), PipelineTypes.EVENT)
            .name("parse " + name)
            .uid("parse-" + name);
    events
        .getSideOutput(SplitBadRecords.BAD)
        .sinkTo(
            KafkaSink.<BadRecord>builder()
                .setBootstrapServers(request.kafkaBootstrapServers())
                .setRecordSerializer(new DeadLetters(request.topic(), request.deadLetterTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build())
        .name("dead letters " + request.deadLetterTopic())
        .uid("dead-letters-" + name);

    DataStream<Event> unique =
        program.idColumn() < 0
            ? events
            : events
                .keyBy(EventKeys.byId(), Types.STRING)
                .process(new DropDuplicates(settings.dedupTtl()), PipelineTypes.EVENT)
                .name("dedup " + name)
                .uid("dedup-" + name);
    SingleOutputStreamOperator<FeatureRow> rows =
        unique
            .keyBy(EventKeys.byEntity(), Types.STRING)
            .process(new OrderedAggregation(program), PipelineTypes.FEATURE_ROW)
            .name("aggregate " + name)
            // v3: one state value per entity (its buffer and aggregator) since 2026-12-06 evening;
            // v2 kept them apart. A checkpoint of an earlier operator would restore without its
            // buffered events and aggregators; a new uid makes Flink refuse it.
            .uid("aggregate-v3-" + name);

    DataStream<OfflineRow> converted =
        ConvertRows.convert(
                rows,
                ViewSnapshot.of(request.view()),
                ConvertRows.CREATED_AT_WRITE,
                "convert " + name)
            .uid("convert-" + name);
    converted
        .sinkTo(
            new RedisRowSink(
                ViewSnapshot.of(request.view()),
                request.redisUri(),
                settings.redisFlushInterval(),
                settings.redisChunkRows(),
                settings.redisChunksInFlight(),
                settings.redisChunkTimeout()))
        .name("redis " + name)
        .uid("redis-" + name);
    toDelta(
        converted,
        TableTarget.of(request.view(), request.offlineRoot(), request.hadoopProperties()),
        request,
        "delta " + name);

    LateEvents late = new LateEvents(program);
    DataStream<FeatureRow> lateRows =
        rows.getSideOutput(OrderedAggregation.LATE)
            .map(late::row, PipelineTypes.FEATURE_ROW)
            .name("late events " + name)
            .uid("late-events-" + name);
    TableTarget lateTable =
        TableTarget.of(
            LateEvents.table(request.view(), program),
            request.offlineRoot(),
            request.hadoopProperties());
    toDelta(
        ConvertRows.convert(
                lateRows,
                lateTable.view(),
                ConvertRows.CREATED_AT_WRITE,
                "convert late events " + name)
            .uid("convert-late-events-" + name),
        lateTable,
        request,
        "delta late events " + name);
  }

  private static void toDelta(
      DataStream<OfflineRow> rows, TableTarget table, StreamRequest request, String name) {
    String appId = request.transactionAppId();
    rows.transform("stage " + name, TypeInformation.of(StagedFile.class), new StageRows(table))
        .uid("stage-" + name)
        .transform(
            "commit " + name,
            Types.VOID,
            new CheckpointCommitter(table, checkpoint -> new TransactionId(appId, checkpoint)))
        .uid("commit-" + name)
        .setParallelism(1)
        .setMaxParallelism(1);
  }

  private static KafkaSource<Parsed> kafkaSource(StreamRequest request, ViewProgram program) {
    KafkaSourceBuilder<Parsed> b =
        KafkaSource.<Parsed>builder()
            .setBootstrapServers(request.kafkaBootstrapServers())
            .setTopics(request.topic())
            .setGroupId(request.consumerGroup())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new KafkaEvents(new EventParser(program)))
            .setProperty("commit.offsets.on.checkpoint", "true")
            .setProperty("partition.discovery.interval.ms", "10000");
    if (request.settings().bounded()) {
      b.setBounded(OffsetsInitializer.latest());
    }
    return b.build();
  }

  private static WatermarkStrategy<Parsed> watermarks(StreamRequest request) {
    Duration idle = request.settings().idleTimeout();
    return WatermarkStrategy.<Parsed>forBoundedOutOfOrderness(request.maxOutOfOrderness())
        .withTimestampAssigner(
            (p, kafkaTime) ->
                p instanceof Event e
                    ? Math.floorDiv(e.eventTimeMicros(), 1000L)
                    : Long.MIN_VALUE) // a bad record must not move the watermark
        .withIdleness(idle);
  }
}
