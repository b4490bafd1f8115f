package dev.larder.pipelines;

import dev.larder.pipelines.transform.BadRecord;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.Parsed;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.util.Collector;

/**
 * Routes parsed records, counting them ({@link PipelineCounters#READ}, {@code GOOD}, {@code BAD}):
 * events to the main output, bad records to the dead letters. Not thread-safe: one per operator
 * instance.
 */
public final class ParsedRecords {

  private final PipelineMetrics read;
  private final PipelineMetrics good;
  private final PipelineMetrics bad;

  public ParsedRecords(RuntimeContext context) {
    read = PipelineMetrics.counter(context, PipelineCounters.READ);
    good = PipelineMetrics.counter(context, PipelineCounters.GOOD);
    bad = PipelineMetrics.counter(context, PipelineCounters.BAD);
  }

  public void route(Parsed p, Collector<Event> events, Consumer<BadRecord> deadLetters) {
    read.add(1);
    if (p instanceof Event e) {
      good.add(1);
      events.collect(e);
    } else {
      bad.add(1);
      deadLetters.accept((BadRecord) p);
    }
  }
}
