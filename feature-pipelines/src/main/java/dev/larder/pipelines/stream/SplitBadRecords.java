package dev.larder.pipelines.stream;

import dev.larder.pipelines.ParsedRecords;
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

  private transient ParsedRecords records;

  @Override
  public void open(OpenContext context) {
    records = new ParsedRecords(getRuntimeContext());
  }

  @Override
  public void processElement(Parsed p, Context ctx, Collector<Event> out) {
    records.route(p, out, bad -> ctx.output(BAD, bad));
  }
}
