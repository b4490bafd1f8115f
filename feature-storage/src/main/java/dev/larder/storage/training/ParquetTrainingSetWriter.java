package dev.larder.storage.training;

import dev.larder.proto.types.v1.Value;
import dev.larder.storage.offline.delta.SnappyParquetWriters;
import dev.larder.storage.offline.delta.TableLayout;
import dev.larder.storage.offline.delta.ValueColumns;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;

/**
 * Writes a training set as one Snappy Parquet file with parquet-hadoop's writer, straight from the
 * column vectors: the entity columns keep their Parquet types (the event time becomes a UTC
 * timestamp in µs), features get the offline store's column types.
 *
 * <p>Rows are cut into parts of {@link #PART_ROWS}; each part is encoded into a Parquet file in
 * memory on a thread of its own, and the parts' row groups are appended to the output in input
 * order as they are done, so encoding uses every core while memory holds a few parts at most. The
 * file holds nothing that changes from run to run, parts are cut by row count alone, and the footer
 * is put into one form ({@link CanonicalFooter}), so the same input gives the same bytes in any
 * process on any machine.
 */
final class ParquetTrainingSetWriter implements TrainingSetWriter {

  /** Rows per part, which is one row group of the output. */
  static final int PART_ROWS = 1 << 18;

  private final MessageType schema;
  private final JoinedRows joined;
  private final Configuration conf;
  private final Path path;
  private final ParquetFileWriter file;
  private final ExecutorService encoders;
  private final int parallelism;
  private final Deque<Future<EncodedPart>> pending = new ArrayDeque<>();
  private EntityBatch part;

  ParquetTrainingSetWriter(Path file, JoinedRows joined) throws IOException {
    List<Type> fields = new ArrayList<>();
    for (EntityColumn c : joined.entityColumns()) {
      fields.add(c.type());
    }
    for (TrainingSetPlan.FeatureColumn c : joined.plan().columns()) {
      fields.add(TableLayout.parquetType(c.name(), c.type(), Repetition.OPTIONAL));
    }
    this.schema = new MessageType("training_set", fields);
    this.joined = joined;
    this.path = file;
    this.conf = new Configuration();
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    OutputFile out = HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf);
    this.file =
        new ParquetFileWriter(
            out, schema, ParquetFileWriter.Mode.OVERWRITE, ParquetWriter.DEFAULT_BLOCK_SIZE, 0);
    this.file.start();
    this.parallelism = Runtime.getRuntime().availableProcessors();
    this.encoders =
        Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread t = new Thread(r, "larder-training-set-writer");
              t.setDaemon(true);
              return t;
            });
  }

  /** A writer of one part, into {@code out}. */
  private ParquetWriter<Cursor> partWriter(OutputFile out) throws IOException {
    return SnappyParquetWriters.open(
        out,
        conf,
        new RowWriteSupport(schema, joined),
        ParquetFileWriter.Mode.OVERWRITE,
        ParquetWriter.DEFAULT_BLOCK_SIZE);
  }

  @Override
  public void write(EntityBatch batch) throws IOException {
    ColumnVector[] columns = batch.columns();
    for (int r = 0; r < batch.rows(); r++) {
      if (part == null) {
        ColumnVector[] copies = new ColumnVector[columns.length];
        for (int c = 0; c < copies.length; c++) {
          copies[c] = new ColumnVector(columns[c].kind, PART_ROWS);
        }
        part = new EntityBatch(batch.firstRow() + r, 0, copies);
      }
      for (int c = 0; c < columns.length; c++) {
        part.columns()[c].appendFrom(columns[c], r);
      }
      if (part.columns()[0].size == PART_ROWS) {
        submit();
      }
    }
  }

  @Override
  public void close() throws IOException {
    try (file) {
      if (part != null) {
        submit();
      }
      while (!pending.isEmpty()) {
        appendNext();
      }
      file.end(Map.of());
    } finally {
      encoders.shutdownNow();
    }
    CanonicalFooter.rewrite(path);
  }

  /** Hands the part being filled to an encoder; appends finished parts while too many wait. */
  private void submit() throws IOException {
    EntityBatch rows = new EntityBatch(part.firstRow(), part.columns()[0].size, part.columns());
    part = null;
    pending.add(encoders.submit(() -> encode(rows)));
    while (pending.size() > parallelism) {
      appendNext();
    }
  }

  private EncodedPart encode(EntityBatch rows) throws IOException {
    InMemoryFile bytes = new InMemoryFile();
    ParquetWriter<Cursor> writer = partWriter(bytes);
    try (writer) {
      Cursor cursor = new Cursor();
      cursor.batch = rows;
      List<TrainingSetPlan.FeatureColumn> columns = joined.plan().columns();
      cursor.features = new ColumnVector[columns.size()];
      for (int f = 0; f < columns.size(); f++) {
        cursor.features[f] = joined.gather(columns.get(f), rows.firstRow(), rows.rows());
      }
      for (int r = 0; r < rows.rows(); r++) {
        cursor.row = r;
        writer.write(cursor);
      }
    }
    return new EncodedPart(bytes, writer.getFooter());
  }

  /** Appends the oldest part's row groups to the output, waiting for it to be encoded. */
  private void appendNext() throws IOException {
    EncodedPart encoded;
    try {
      encoded = pending.removeFirst().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while encoding the training set");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException("encoding the training set failed: " + e.getCause(), e.getCause());
    }
    file.appendRowGroups(encoded.bytes().reader(), encoded.footer().getBlocks(), false);
  }

  /** A part encoded as a Parquet file in memory, and that file's footer. */
  private record EncodedPart(InMemoryFile bytes, ParquetMetadata footer) {}

  /** A Parquet file written to memory, then read back when its row groups are appended. */
  private static final class InMemoryFile extends ByteArrayOutputStream implements OutputFile {

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      reset();
      return new DelegatingPositionOutputStream(this) {
        @Override
        public long getPos() {
          return size();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    SeekableInputStream reader() {
      SeekableBytes in = new SeekableBytes(buf, count);
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() {
          return in.position();
        }

        @Override
        public void seek(long newPos) {
          in.seek(newPos);
        }
      };
    }
  }

  private static final class SeekableBytes extends ByteArrayInputStream {
    SeekableBytes(byte[] bytes, int length) {
      super(bytes, 0, length);
    }

    long position() {
      return pos;
    }

    void seek(long position) {
      pos = Math.toIntExact(position);
    }
  }

  /** The row being written: a position in the current part and its gathered feature columns. */
  private static final class Cursor {
    EntityBatch batch;
    ColumnVector[] features;
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
      for (int f = 0; f < features.size(); f++) {
        ColumnVector v = cursor.features[f];
        if (v.nulls[r]) {
          continue;
        }
        TrainingSetPlan.FeatureColumn column = features.get(f);
        int index = entityCount + f;
        if (v.kind == ColumnVector.Kind.OBJECT) {
          ValueColumns.write(out, column.name(), index, column.type(), (Value) v.objects[r]);
        } else {
          out.startField(column.name(), index);
          add(v, r);
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
