package dev.larder.pipelines.sink;

import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.FeatureValues;
import dev.larder.pipelines.transform.ViewSnapshot;
import dev.larder.pipelines.types.PipelineTypes;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Converts computed feature rows to the stores' rows ({@link FeatureValues#toOfflineRow}), once for
 * every sink chained behind it: the Redis writer and the Delta staging take the same converted row.
 * Its output's type is {@link PipelineTypes#OFFLINE_ROW}.
 */
public final class ConvertRows extends AbstractStreamOperator<OfflineRow>
    implements OneInputStreamOperator<FeatureRow, OfflineRow> {

  /** {@code createdMicros} meaning: each row's created time is the time it is converted. */
  public static final long CREATED_AT_WRITE = Long.MIN_VALUE;

  private static final long serialVersionUID = 1L;

  private final ViewSnapshot snapshot;
  private final long createdMicros;
  private transient FeatureView view;

  /**
   * @param createdMicros every row's {@code created_timestamp} (a batch run's time), or {@link
   *     #CREATED_AT_WRITE}
   */
  public ConvertRows(ViewSnapshot view, long createdMicros) {
    this.snapshot = view;
    this.createdMicros = createdMicros;
  }

  /**
   * {@code rows} converted once for the sinks chained behind, as the operator {@code name}.
   *
   * @param createdMicros every row's {@code created_timestamp}, or {@link #CREATED_AT_WRITE}
   */
  public static SingleOutputStreamOperator<OfflineRow> convert(
      DataStream<FeatureRow> rows, ViewSnapshot view, long createdMicros, String name) {
    return rows.transform(name, PipelineTypes.OFFLINE_ROW, new ConvertRows(view, createdMicros));
  }

  @Override
  public void open() throws Exception {
    super.open();
    view = snapshot.view();
  }

  @Override
  public void processElement(StreamRecord<FeatureRow> element) {
    long created =
        createdMicros == CREATED_AT_WRITE
            ? getProcessingTimeService().getCurrentProcessingTime() * 1000
            : createdMicros;
    output.collect(element.replace(FeatureValues.toOfflineRow(view, element.getValue(), created)));
  }
}
