package dev.larder.pipelines.batch;

import dev.larder.pipelines.PipelineCounters;
import dev.larder.pipelines.transform.BatchTransform;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.ViewProgram;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per entity: buffers its events, and at the end of the key (BATCH mode fires the end-of-time timer
 * once a key's input is done) runs {@link BatchTransform#entityRows} over them, emitting the rows
 * stamped within {@code [start, end)}.
 */
final class AggregateEntity extends KeyedProcessFunction<String, Event, FeatureRow> {

  private static final long serialVersionUID = 1L;

  private final ViewProgram program;
  private final long startMicros;
  private final long endMicros;
  private transient ListState<Event> events;
  private transient LongCounter unique;
  private transient LongCounter rows;

  AggregateEntity(ViewProgram program, long startMicros, long endMicros) {
    this.program = program;
    this.startMicros = startMicros;
    this.endMicros = endMicros;
  }

  @Override
  public void open(OpenContext context) {
    events = getRuntimeContext().getListState(new ListStateDescriptor<>("events", Event.class));
    unique = getRuntimeContext().getLongCounter(PipelineCounters.UNIQUE);
    rows = getRuntimeContext().getLongCounter(PipelineCounters.ROWS);
  }

  @Override
  public void processElement(Event e, Context ctx, Collector<FeatureRow> out) throws Exception {
    unique.add(1);
    if (e.eventTimeMicros() < endMicros) { // later events change no row of the range
      events.add(e);
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureRow> out)
      throws Exception {
    List<Event> list = new ArrayList<>();
    events.get().forEach(list::add);
    events.clear();
    BatchTransform.entityRows(
        program,
        list,
        startMicros,
        endMicros,
        row -> {
          rows.add(1);
          out.collect(row);
        });
  }
}
