package dev.larder.pipelines.batch;

import dev.larder.pipelines.LocalFlink;
import dev.larder.pipelines.PipelineCounters;
import dev.larder.pipelines.sink.ConvertRows;
import dev.larder.pipelines.sink.delta.StageRows;
import dev.larder.pipelines.sink.delta.TableTarget;
import dev.larder.pipelines.source.RecordFormat;
import dev.larder.pipelines.source.RecordReader;
import dev.larder.pipelines.transform.BadRecord;
import dev.larder.pipelines.transform.Deduplication;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.EventParser;
import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.LateEvents;
import dev.larder.pipelines.transform.TransformException;
import dev.larder.pipelines.transform.ViewProgram;
import dev.larder.pipelines.types.EventKeys;
import dev.larder.pipelines.types.PipelineTypes;
import dev.larder.storage.offline.StagedFile;
import dev.larder.storage.offline.TimeRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The batch backfill job (DESIGN §8): source files → parse (bad records to the dead-letter file) →
 * dedup on the id field (the first read is kept) → per entity, sorted by (event time, id), the
 * {@link dev.larder.pipelines.transform.EntityAggregator} → the range of the view's Delta table
 * replaced in one commit under the run's transaction id. Runs in BATCH execution mode; all logic
 * lives in {@code pipelines.transform} and {@code pipelines.source}.
 */
public final class BackfillJob {

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private BackfillJob() {}

  /** The row's {@code event_date} partition, as days since the epoch. */
  private static int eventDay(FeatureRow row) {
    return (int) Math.floorDiv(row.eventTimeMicros(), MICROS_PER_DAY);
  }

  /**
   * Runs a backfill in-process (a local MiniCluster with one slot per core, at most four).
   *
   * @throws TransformException when the view cannot be computed from its source or the source has
   *     no files
   * @throws BackfillFailedException when the job fails
   */
  public static BackfillResult run(BackfillRequest request) {
    return run(request, LocalFlink.environment());
  }

  /** Runs a backfill on the given environment (a MiniCluster in tests, or a remote cluster). */
  public static BackfillResult run(BackfillRequest request, StreamExecutionEnvironment env) {
    ViewProgram program = ViewProgram.compile(request.view(), request.source());
    RecordReader reader = RecordReader.of(request.format(), request.input());
    List<String> files = reader.files(request.input()).stream().map(Path::toString).toList();
    if (files.isEmpty()) {
      throw new TransformException("batch source path " + request.input() + " has no files");
    }
    TimeRange range = new TimeRange(request.start(), request.end());
    CommitTarget target = CommitTarget.of(request);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);

    SingleOutputStreamOperator<Event> parsed =
        parse(env, files, reader, program, "parse " + request.format());
    DataStream<Event> events = parsed;
    DataStream<BadRecord> badRecords = parsed.getSideOutput(ReadSourceFile.BAD);
    // Events the streaming job could not apply in order wait in the late-events table.
    Optional<Path> late = LateEvents.localTable(request.offlineRoot(), request.view());
    if (late.isPresent()) {
      RecordReader lateReader = RecordReader.of(RecordFormat.DELTA, late.get());
      List<String> lateFiles = lateReader.files(late.get()).stream().map(Path::toString).toList();
      if (!lateFiles.isEmpty()) {
        SingleOutputStreamOperator<Event> lateEvents =
            parse(env, lateFiles, lateReader, program, "late events");
        events = events.union(lateEvents);
        badRecords = badRecords.union(lateEvents.getSideOutput(ReadSourceFile.BAD));
      }
    }
    badRecords
        .sinkTo(new DeadLetterSink(request.deadLetterFile()))
        .name("dead letters")
        .setParallelism(1);
    DataStream<Event> unique =
        program.idColumn() < 0
            ? events
            : events
                .keyBy(EventKeys.byId(), Types.STRING)
                .reduce(Deduplication::first)
                .name("dedup");
    DataStream<FeatureRow> rowsByDay =
        unique
            .keyBy(EventKeys.byEntity(), Types.STRING)
            .process(new AggregateEntity(program, range.startMicros(), range.endMicros()))
            .name("aggregate " + request.view().qualifiedName())
            // Rows leave the aggregation by entity, each entity's spread over many dates; grouped
            // by date (BATCH mode sorts by key) a staging task keeps one partition's file open at
            // a time instead of reopening files as dates alternate.
            .keyBy(BackfillJob::eventDay, Types.INT);
    ConvertRows.convert(rowsByDay, target.table().view(), target.createdMicros(), "convert rows")
        .transform(
            "stage delta files",
            TypeInformation.of(StagedFile.class),
            new StageRows(target.table()))
        .sinkTo(new RangeCommitSink(target))
        .name("delta replace range")
        .setParallelism(1);

    long started = System.nanoTime();
    JobExecutionResult result;
    try {
      result =
          env.execute("larder backfill " + request.view().qualifiedName() + " " + request.runId());
    } catch (Exception e) {
      throw BackfillFailedException.of(request, e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    Map<String, Object> acc = result.getAllAccumulatorResults();
    long bad = count(acc, PipelineCounters.BAD);
    long good = count(acc, PipelineCounters.GOOD);
    return new BackfillResult(
        request.runId(),
        count(acc, PipelineCounters.READ),
        good,
        bad,
        program.idColumn() < 0 ? 0 : good - count(acc, PipelineCounters.UNIQUE),
        count(acc, PipelineCounters.ROWS),
        TableTarget.open(request.offlineRoot(), request.hadoopProperties())
            .snapshot(request.view())
            .version(),
        bad > 0 ? Optional.of(request.deadLetterFile()) : Optional.empty(),
        elapsed);
  }

  private static SingleOutputStreamOperator<Event> parse(
      StreamExecutionEnvironment env,
      List<String> files,
      RecordReader reader,
      ViewProgram program,
      String name) {
    return env.fromData(files, Types.STRING)
        .name("source files")
        .rebalance()
        .process(new ReadSourceFile(reader, new EventParser(program)), PipelineTypes.EVENT)
        .name(name);
  }

  private static long count(Map<String, Object> acc, String name) {
    Object v = acc.get(name);
    return v instanceof Number n ? n.longValue() : 0;
  }
}
