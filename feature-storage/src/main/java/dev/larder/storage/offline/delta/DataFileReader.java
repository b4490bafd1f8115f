package dev.larder.storage.offline.delta;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.TimeRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.Operators.LongColumn;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.GroupType;

/**
 * Reads the rows of one data file of a {@link TableLayout}. Columns are found by name, so files
 * written before a feature was added read it as null. A time range is pushed down to Parquet (row
 * groups whose statistics rule it out are skipped) and checked again on every row. Thread-safe.
 */
final class DataFileReader {

  private static final Value NULL = Value.getDefaultInstance();

  private final Configuration conf;

  DataFileReader(Configuration conf) {
    this.conf = conf;
  }

  /**
   * Passes the file's rows in {@code range} (all rows when null) to {@code consumer}, in file
   * order.
   *
   * @throws UncheckedIOException if the file cannot be read
   */
  void read(TableLayout layout, Path file, TimeRange range, Consumer<OfflineRow> consumer) {
    ParquetReader.Builder<Group> builder = new Builder(inputFile(file)).withConf(conf);
    if (range != null) {
      LongColumn eventTime = FilterApi.longColumn(TableLayout.EVENT_TIMESTAMP);
      builder.withFilter(
          FilterCompat.get(
              FilterApi.and(
                  FilterApi.gtEq(eventTime, range.startMicros()),
                  FilterApi.lt(eventTime, range.endMicros()))));
    }
    try (ParquetReader<Group> reader = builder.build()) {
      Columns columns = null;
      for (Group record = reader.read(); record != null; record = reader.read()) {
        if (columns == null) {
          columns = new Columns(layout, record.getType());
        }
        OfflineRow row = columns.row(record);
        if (range == null || range.contains(row.eventTimeMicros())) {
          consumer.accept(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private InputFile inputFile(Path file) {
    try {
      return HadoopInputFile.fromPath(file, conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /** Where each of the view's columns is in one file's schema; -1 when the file lacks it. */
  private static final class Columns {
    private final TableLayout layout;
    private final int[] keys;
    private final int eventTime;
    private final int createdTime;
    private final int[] features;

    Columns(TableLayout layout, GroupType schema) {
      this.layout = layout;
      List<JoinKey> joinKeys = layout.joinKeys();
      this.keys = new int[joinKeys.size()];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = schema.getFieldIndex(joinKeys.get(k).name());
      }
      this.eventTime = schema.getFieldIndex(TableLayout.EVENT_TIMESTAMP);
      this.createdTime = schema.getFieldIndex(TableLayout.CREATED_TIMESTAMP);
      List<Feature> viewFeatures = layout.features();
      this.features = new int[viewFeatures.size()];
      for (int f = 0; f < features.length; f++) {
        String name = viewFeatures.get(f).name();
        features[f] = schema.containsField(name) ? schema.getFieldIndex(name) : -1;
      }
    }

    OfflineRow row(Group record) {
      Value[] entity = new Value[keys.length];
      for (int k = 0; k < keys.length; k++) {
        entity[k] = ValueColumns.read(record, keys[k], layout.joinKeys().get(k).type());
      }
      Value[] values = new Value[features.length];
      for (int f = 0; f < features.length; f++) {
        values[f] =
            features[f] < 0
                ? NULL
                : ValueColumns.read(record, features[f], layout.features().get(f).type());
      }
      // Immutable lists, which OfflineRow keeps as they are instead of copying them again.
      return new OfflineRow(
          List.of(entity),
          record.getLong(eventTime, 0),
          record.getLong(createdTime, 0),
          List.of(values));
    }
  }

  /** Parquet's reader builder for the example {@link Group} records. */
  private static final class Builder extends ParquetReader.Builder<Group> {
    Builder(InputFile file) {
      super(file);
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }
}
