package dev.larder.storage.offline.delta;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.OfflineRow;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes {@link OfflineRow}s as Parquet records of a {@link TableLayout}'s schema. Rows were
 * checked against the view before they get here. One instance per file writer, not thread-safe.
 */
final class RowWriteSupport extends WriteSupport<OfflineRow> {

  private final TableLayout layout;
  private final List<JoinKey> joinKeys;
  private final List<Feature> features;
  private RecordConsumer out;

  RowWriteSupport(TableLayout layout) {
    this.layout = layout;
    this.joinKeys = layout.joinKeys();
    this.features = layout.features();
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(layout.parquetSchema(), Map.of());
  }

  /** Still abstract in Parquet 1.15, though deprecated for the variant above. */
  @Override
  @SuppressWarnings("deprecation")
  public WriteContext init(Configuration configuration) {
    return new WriteContext(layout.parquetSchema(), Map.of());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(OfflineRow row) {
    out.startMessage();
    int index = 0;
    for (int k = 0; k < joinKeys.size(); k++, index++) {
      JoinKey key = joinKeys.get(k);
      ValueColumns.write(out, key.name(), index, key.type(), row.entity().get(k));
    }
    writeLong(TableLayout.EVENT_TIMESTAMP, index++, row.eventTimeMicros());
    writeLong(TableLayout.CREATED_TIMESTAMP, index++, row.createdTimeMicros());
    List<Value> values = row.values();
    for (int f = 0; f < features.size(); f++, index++) {
      Value value = values.get(f);
      if (value.getKindCase() != Value.KindCase.KIND_NOT_SET) {
        Feature feature = features.get(f);
        ValueColumns.write(out, feature.name(), index, feature.type(), value);
      }
    }
    out.endMessage();
  }

  private void writeLong(String name, int index, long value) {
    out.startField(name, index);
    out.addLong(value);
    out.endField(name, index);
  }
}
