package dev.larder.storage.training;

import dev.larder.proto.types.v1.Value;
import dev.larder.storage.offline.delta.SnappyParquetWriters;
import dev.larder.storage.offline.delta.TableLayout;
import dev.larder.storage.offline.delta.ValueColumns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;

/**
 * Writes a training set as one Snappy Parquet file with parquet-hadoop's writer, straight from the
 * column vectors: the entity columns keep their Parquet types (the event time becomes a UTC
 * timestamp in µs), features get the offline store's column types. The file holds nothing that
 * changes from run to run, so the same input gives the same bytes.
 */
final class ParquetTrainingSetWriter implements TrainingSetWriter {

  private final ParquetWriter<Cursor> writer;
  private final Cursor cursor = new Cursor();

  ParquetTrainingSetWriter(Path file, JoinedRows joined) throws IOException {
    List<Type> fields = new ArrayList<>();
    for (EntityColumn c : joined.entityColumns()) {
      fields.add(c.type());
    }
    for (TrainingSetPlan.FeatureColumn c : joined.plan().columns()) {
      fields.add(TableLayout.parquetType(c.name(), c.type(), Repetition.OPTIONAL));
    }
    MessageType schema = new MessageType("training_set", fields);
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    OutputFile out = HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf);
    this.writer =
        SnappyParquetWriters.open(
            out,
            conf,
            new RowWriteSupport(schema, joined),
            ParquetFileWriter.Mode.OVERWRITE,
            ParquetWriter.DEFAULT_BLOCK_SIZE);
  }

  @Override
  public void write(EntityBatch batch) throws IOException {
    cursor.batch = batch;
    for (int r = 0; r < batch.rows(); r++) {
      cursor.row = r;
      writer.write(cursor);
    }
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** The row being written: a position in the current batch. */
  private static final class Cursor {
    EntityBatch batch;
    int row;
  }

  /** Writes the cursor's row: entity columns, then features. */
  private static final class RowWriteSupport extends WriteSupport<Cursor> {
    private final MessageType schema;
    private final JoinedRows joined;
    private final List<TrainingSetPlan.FeatureColumn> features;
    private final int entityCount;
    private RecordConsumer out;

    RowWriteSupport(MessageType schema, JoinedRows joined) {
      this.schema = schema;
      this.joined = joined;
      this.features = joined.plan().columns();
      this.entityCount = joined.entityColumns().size();
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Cursor cursor) {
      out.startMessage();
      ColumnVector[] columns = cursor.batch.columns();
      int r = cursor.row;
      for (int c = 0; c < entityCount; c++) {
        ColumnVector v = columns[c];
        if (!v.isNull(r)) {
          String name = joined.entityColumns().get(c).name();
          out.startField(name, c);
          add(v, r);
          out.endField(name, c);
        }
      }
      long row = cursor.batch.firstRow() + r;
      for (int f = 0; f < features.size(); f++) {
        TrainingSetPlan.FeatureColumn column = features.get(f);
        int at = joined.viewRow(column, row);
        if (at < 0) {
          continue;
        }
        ColumnVector v = joined.vector(column);
        if (v.isNull(at)) {
          continue;
        }
        int index = entityCount + f;
        if (v.kind == ColumnVector.Kind.OBJECT) {
          ValueColumns.write(out, column.name(), index, column.type(), (Value) v.objects[at]);
        } else {
          out.startField(column.name(), index);
          add(v, at);
          out.endField(column.name(), index);
        }
      }
      out.endMessage();
    }

    private void add(ColumnVector v, int r) {
      switch (v.kind) {
        case BOOLEAN -> out.addBoolean(v.longs[r] != 0);
        case INT32 -> out.addInteger((int) v.longs[r]);
        case INT64 -> out.addLong(v.longs[r]);
        case FLOAT -> out.addFloat((float) v.doubles[r]);
        case DOUBLE -> out.addDouble(v.doubles[r]);
        case BINARY -> out.addBinary(v.binaries[r]);
        case OBJECT -> throw new IllegalStateException("nested entity column");
      }
    }
  }
}
