package dev.larder.pipelines.stream;

import dev.larder.pipelines.PipelineCounters;
import dev.larder.pipelines.transform.BadRecord;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.Parsed;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Events out, bad records to {@link #BAD}; counts both. Chained to the source. */
final class SplitBadRecords extends ProcessFunction<Parsed, Event> {

  private static final long serialVersionUID = 1L;

  static final OutputTag<BadRecord> BAD =
      new OutputTag<>("bad-records", TypeInformation.of(BadRecord.class)) {
        private static final long serialVersionUID = 1L;
      };

  private transient StreamMetrics read;
  private transient StreamMetrics good;
  private transient StreamMetrics bad;

  @Override
  public void open(OpenContext context) {
    read = StreamMetrics.counter(getRuntimeContext(), PipelineCounters.READ);
    good = StreamMetrics.counter(getRuntimeContext(), PipelineCounters.GOOD);
    bad = StreamMetrics.counter(getRuntimeContext(), PipelineCounters.BAD);
  }

  @Override
  public void processElement(Parsed p, Context ctx, Collector<Event> out) {
    read.add(1);
    if (p instanceof Event e) {
      good.add(1);
      out.collect(e);
    } else {
      bad.add(1);
      ctx.output(BAD, (BadRecord) p);
    }
  }
}
