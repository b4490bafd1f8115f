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
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by entity: buffers each event until the watermark passes its time, then applies the events
 * of that millisecond, in {@link EventOrder#APPLY} order, to the entity's {@link EntityAggregator}
 * (the one the backfill runs) and emits the rows. Since the watermark promises no earlier event
 * will come, the rows do not depend on the order events arrived in, and are the backfill's rows.
 *
 * <p>An event whose time the watermark has already passed, or that is not after the last event
 * applied to its entity (after a restart, the watermark starts again from nothing), cannot be
 * applied in order: it goes to {@link #LATE} and is counted.
 *
 * <p>State per entity: the buffered events by millisecond, and the aggregator (the events of the
 * longest window and the all-time accumulators), both with Larder's own serializers.
 */
final class OrderedAggregation extends KeyedProcessFunction<String, Event, FeatureRow> {

  private static final long serialVersionUID = 1L;

  static final OutputTag<Event> LATE = new OutputTag<>("late-events", PipelineTypes.EVENT);

  private final ViewProgram program;
  private transient MapState<Long, List<Event>> buffered;
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
            .getMapState(
                new MapStateDescriptor<>(
                    "buffered", Types.LONG, new ListTypeInfo<>(PipelineTypes.EVENT)));
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
    long millis = Math.floorDiv(e.eventTimeMicros(), 1000L);
    EntityAggregator agg = aggregator.value();
    if (millis <= ctx.timerService().currentWatermark()
        || (agg != null && e.eventTimeMicros() <= agg.appliedUpToMicros())) {
      late.add(1);
      ctx.output(LATE, e);
      return;
    }
    List<Event> same = buffered.get(millis);
    if (same == null) {
      same = new ArrayList<>(1);
      ctx.timerService().registerEventTimeTimer(millis);
    }
    same.add(e);
    buffered.put(millis, same);
  }

  @Override
  public void onTimer(long millis, OnTimerContext ctx, Collector<FeatureRow> out) throws Exception {
    List<Event> events = buffered.get(millis);
    if (events == null) {
      return;
    }
    buffered.remove(millis);
    events.sort(EventOrder.APPLY);
    EntityAggregator agg = aggregator.value();
    if (agg == null) {
      agg = new EntityAggregator(program);
    }
    for (Event e : events) {
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
}
