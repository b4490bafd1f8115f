package dev.larder.pipelines;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * Counts each thing twice: as a Flink accumulator (what the CLI and a finished job's result read)
 * and as a Flink metric (what a cluster's metric reporters export, as {@code larder_events_read}
 * and so on). Not thread-safe: one per operator instance.
 */
public final class PipelineMetrics {

  private final LongCounter accumulator;
  private final Counter metric;

  private PipelineMetrics(LongCounter accumulator, Counter metric) {
    this.accumulator = accumulator;
    this.metric = metric;
  }

  /** Counts into the accumulator {@code name} and the metric of the same name. */
  public static PipelineMetrics counter(RuntimeContext context, String name) {
    return new PipelineMetrics(
        context.getLongCounter(name),
        context.getMetricGroup().counter(name.replace('.', '_').replace('-', '_')));
  }

  public void add(long n) {
    accumulator.add(n);
    metric.inc(n);
  }
}
