package dev.larder.pipelines.stream;

import dev.larder.pipelines.PipelineCounters;
import dev.larder.pipelines.PipelineMetrics;
import dev.larder.pipelines.transform.EntityAggregator;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.EventOrder;
import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.OrderedEntity;
import dev.larder.pipelines.transform.ViewProgram;
import dev.larder.pipelines.types.PipelineTypes;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
 * <p>State per entity: one {@link OrderedEntity} (the buffered events, in arrival order, and the
 * aggregator: the events of the longest window and the all-time accumulators), with Larder's own
 * serializer, so that an event costs one state look-up and one write; and one event-time timer, at
 * the earliest buffered event's millisecond (a timer per entity and millisecond would cost a timer
 * per event).
 */
final class OrderedAggregation extends KeyedProcessFunction<String, Event, FeatureRow> {

  private static final long serialVersionUID = 1L;

  static final OutputTag<Event> LATE = new OutputTag<>("late-events", PipelineTypes.EVENT);

  private final ViewProgram program;
  private transient ValueState<OrderedEntity> entities;
  private transient PipelineMetrics late;
  private transient PipelineMetrics rows;
  private transient LongMaximum newest;

  OrderedAggregation(ViewProgram program) {
    this.program = program;
  }

  @Override
  public void open(OpenContext context) {
    entities =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("entity", PipelineTypes.orderedEntity(program)));
    late = PipelineMetrics.counter(getRuntimeContext(), PipelineCounters.LATE);
    rows = PipelineMetrics.counter(getRuntimeContext(), PipelineCounters.ROWS);
    newest = new LongMaximum();
    getRuntimeContext().addAccumulator(PipelineCounters.NEWEST_ROW_MICROS, newest);
  }

  @Override
  public void processElement(Event e, Context ctx, Collector<FeatureRow> out) throws Exception {
    OrderedEntity entity = entities.value();
    if (entity == null) {
      entity = new OrderedEntity(program);
    }
    if (entity.isLate(e, ctx.timerService().currentWatermark())) {
      late.add(1);
      ctx.output(LATE, e);
      return;
    }
    if (entity.buffer(e)) {
      ctx.timerService().registerEventTimeTimer(Math.floorDiv(e.eventTimeMicros(), 1000L));
    }
    entities.update(entity);
  }

  /**
   * Applies the buffered events the watermark has passed; sets the next timer for the rest. A timer
   * set for an event that a still earlier one has overtaken finds nothing more to apply.
   */
  @Override
  public void onTimer(long millis, OnTimerContext ctx, Collector<FeatureRow> out) throws Exception {
    OrderedEntity entity = entities.value();
    if (entity == null
        || !entity.applyUpTo(ctx.timerService().currentWatermark(), r -> emit(r, out))) {
      return;
    }
    long next = entity.earliestMillis();
    if (next != OrderedEntity.NONE) {
      ctx.timerService().registerEventTimeTimer(next);
    }
    entities.update(entity);
  }

  private void emit(FeatureRow row, Collector<FeatureRow> out) {
    rows.add(1);
    newest.add(row.eventTimeMicros());
    out.collect(row);
  }
}
