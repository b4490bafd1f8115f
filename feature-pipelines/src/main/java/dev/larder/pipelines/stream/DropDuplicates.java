package dev.larder.pipelines.stream;

import dev.larder.pipelines.PipelineCounters;
import dev.larder.pipelines.PipelineMetrics;
import dev.larder.pipelines.transform.Event;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by id ({@link dev.larder.pipelines.transform.Deduplication#idKey}): passes the first event
 * of each id and drops the others, remembering an id for {@code ttl} of processing time after it
 * was seen. The kept event is the first to arrive, which for a redelivered record (the same
 * content) is the same choice the backfill makes.
 */
final class DropDuplicates extends KeyedProcessFunction<String, Event, Event> {

  private static final long serialVersionUID = 1L;

  private final Duration ttl;
  private transient ValueState<Boolean> seen;
  private transient PipelineMetrics unique;
  private transient PipelineMetrics duplicates;

  DropDuplicates(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .updateTtlOnCreateAndWrite()
            .neverReturnExpired()
            .cleanupFullSnapshot()
            .build());
    seen = getRuntimeContext().getState(descriptor);
    unique = PipelineMetrics.counter(getRuntimeContext(), PipelineCounters.UNIQUE);
    duplicates = PipelineMetrics.counter(getRuntimeContext(), PipelineCounters.DUPLICATES);
  }

  @Override
  public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
    if (seen.value() != null) {
      duplicates.add(1);
      return;
    }
    seen.update(Boolean.TRUE);
    unique.add(1);
    out.collect(e);
  }
}
