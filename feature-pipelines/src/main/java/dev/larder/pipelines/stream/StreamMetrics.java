package dev.larder.pipelines.stream;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * Counts each thing twice: as a Flink accumulator (what {@code larder stream} and a finished job's
 * result read) and as a Flink metric (what a cluster's metric reporters export, as {@code
 * larder_events_read} and so on). Not thread-safe: one per operator instance.
 */
final class StreamMetrics {

  private final LongCounter accumulator;
  private final Counter metric;

  private StreamMetrics(LongCounter accumulator, Counter metric) {
    this.accumulator = accumulator;
    this.metric = metric;
  }

  /** Counts into the accumulator {@code name} and the metric of the same name. */
  static StreamMetrics counter(RuntimeContext context, String name) {
    return new StreamMetrics(
        context.getLongCounter(name),
        context.getMetricGroup().counter(name.replace('.', '_').replace('-', '_')));
  }

  void add(long n) {
    accumulator.add(n);
    metric.inc(n);
  }
}
