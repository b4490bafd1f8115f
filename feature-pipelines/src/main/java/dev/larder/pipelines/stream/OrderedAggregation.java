package dev.larder.pipelines.stream;

import dev.larder.pipelines.PipelineCounters;
import dev.larder.pipelines.PipelineMetrics;
import dev.larder.pipelines.transform.EntityAggregator;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.EventOrder;
import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.ViewProgram;
import dev.larder.pipelines.types.PipelineTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by entity: buffers each event until the watermark passes its time, then applies the events
 * the watermark has passed, in {@link EventOrder#APPLY} order, to the entity's {@link
 * EntityAggregator} (the one the backfill runs) and emits the rows. Since the watermark promises no
 * earlier event will come, the rows do not depend on the order events arrived in, and are the
 * backfill's rows.
 *
 * <p>An event whose time the watermark has already passed, or that is not after the last event
 * applied to its entity (after a restart, the watermark starts again from nothing), cannot be
 * applied in order: it goes to {@link #LATE} and is counted.
 *
 * <p>State per entity: the buffered events, in arrival order, and the aggregator (the events of the
 * longest window and the all-time accumulators), both with Larder's own serializers; and one
 * event-time timer, at the earliest buffered event's millisecond (a timer per entity and
 * millisecond would cost a timer per event).
 */
final class OrderedAggregation extends KeyedProcessFunction<String, Event, FeatureRow> {

  private static final long serialVersionUID = 1L;

  static final OutputTag<Event> LATE = new OutputTag<>("late-events", PipelineTypes.EVENT);

  private final ViewProgram program;
  private transient ValueState<List<Event>> buffered;
  private transient ValueState<EntityAggregator> aggregator;
  private transient PipelineMetrics late;
  private transient PipelineMetrics rows;
  private transient LongMaximum newest;

  OrderedAggregation(ViewProgram program) {
    this.program = program;
  }

  @Override
  public void open(OpenContext context) {
    buffered =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("pending", new ListTypeInfo<>(PipelineTypes.EVENT)));
    aggregator =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("aggregator", PipelineTypes.aggregator(program)));
    late = PipelineMetrics.counter(getRuntimeContext(), PipelineCounters.LATE);
    rows = PipelineMetrics.counter(getRuntimeContext(), PipelineCounters.ROWS);
    newest = new LongMaximum();
    getRuntimeContext().addAccumulator(PipelineCounters.NEWEST_ROW_MICROS, newest);
  }

  @Override
  public void processElement(Event e, Context ctx, Collector<FeatureRow> out) throws Exception {
    long millis = millis(e);
    EntityAggregator agg = aggregator.value();
    if (millis <= ctx.timerService().currentWatermark()
        || (agg != null && e.eventTimeMicros() <= agg.appliedUpToMicros())) {
      late.add(1);
      ctx.output(LATE, e);
      return;
    }
    List<Event> pending = buffered.value();
    if (pending == null) {
      pending = new ArrayList<>(2);
    }
    if (pending.isEmpty() || millis < earliestMillis(pending)) {
      ctx.timerService().registerEventTimeTimer(millis);
    }
    pending.add(e);
    buffered.update(pending);
  }

  /**
   * Applies the buffered events the watermark has passed; sets the next timer for the rest. A timer
   * set for an event that a still earlier one has overtaken finds nothing more to apply.
   */
  @Override
  public void onTimer(long millis, OnTimerContext ctx, Collector<FeatureRow> out) throws Exception {
    List<Event> pending = buffered.value();
    if (pending == null) {
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    List<Event> ready = new ArrayList<>(pending.size());
    List<Event> later = new ArrayList<>(0);
    for (Event e : pending) {
      (millis(e) <= watermark ? ready : later).add(e);
    }
    if (ready.isEmpty()) {
      return;
    }
    if (later.isEmpty()) {
      buffered.clear();
    } else {
      buffered.update(later);
      ctx.timerService().registerEventTimeTimer(earliestMillis(later));
    }
    ready.sort(EventOrder.APPLY);
    EntityAggregator agg = aggregator.value();
    if (agg == null) {
      agg = new EntityAggregator(program);
    }
    for (Event e : ready) {
      agg.accept(e).ifPresent(r -> emit(r, out));
    }
    agg.finish().ifPresent(r -> emit(r, out));
    aggregator.update(agg);
  }

  private void emit(FeatureRow row, Collector<FeatureRow> out) {
    rows.add(1);
    newest.add(row.eventTimeMicros());
    out.collect(row);
  }

  private static long millis(Event e) {
    return Math.floorDiv(e.eventTimeMicros(), 1000L);
  }

  private static long earliestMillis(List<Event> events) {
    long earliest = Long.MAX_VALUE;
    for (Event e : events) {
      earliest = Math.min(earliest, millis(e));
    }
    return earliest;
  }
}
