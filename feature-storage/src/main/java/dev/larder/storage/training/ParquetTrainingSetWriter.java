package dev.larder.storage.training;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.storage.offline.delta.TableLayout;
import dev.larder.storage.offline.delta.ValueColumns;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;

/**
 * Writes a training set as one Snappy Parquet file with parquet-java's column writers, straight
 * from the column vectors: the entity columns keep their Parquet types (the event time becomes a
 * UTC timestamp in µs), features get the offline store's column types.
 *
 * <p>Rows are cut into parts of {@link #PART_ROWS}; each part is encoded into compressed pages in
 * memory on a thread of its own, value by value into each column's writer with its repetition and
 * definition levels (no record assembly in between), and the parts are written to the output as row
 * groups in input order as they are done, so encoding uses every core while memory holds a few
 * parts at most. The file holds nothing that changes from run to run, parts are cut by row count
 * alone, and the footer is put into one form ({@link CanonicalFooter}), so the same input gives the
 * same bytes in any process on any machine.
 */
final class ParquetTrainingSetWriter implements TrainingSetWriter {

  /** Rows per part, which is one row group of the output. */
  static final int PART_ROWS = 1 << 18;

  private final MessageType schema;
  private final JoinedRows joined;
  private final Configuration conf;
  private final ParquetProperties properties;
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
    this.properties = ParquetProperties.builder().withDictionaryEncoding(true).build();
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

  @Override
  public void write(EntityBatch batch) throws IOException {
    ColumnVector[] columns = batch.columns();
    int r = 0;
    while (r < batch.rows()) {
      if (part == null) {
        ColumnVector[] copies = new ColumnVector[columns.length];
        for (int c = 0; c < copies.length; c++) {
          copies[c] = new ColumnVector(columns[c].kind, PART_ROWS);
        }
        part = new EntityBatch(batch.firstRow() + r, 0, copies);
      }
      int n = Math.min(batch.rows() - r, PART_ROWS - part.columns()[0].size);
      for (int c = 0; c < columns.length; c++) {
        part.columns()[c].appendRange(columns[c], r, n);
      }
      r += n;
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

  /** Encodes a part's rows into compressed pages, column writer by column writer. */
  private EncodedPart encode(EntityBatch rows) {
    List<TrainingSetPlan.FeatureColumn> features = joined.plan().columns();
    ColumnVector[] entities = rows.columns();
    ColumnVector[] values = new ColumnVector[entities.length + features.size()];
    System.arraycopy(entities, 0, values, 0, entities.length);
    for (int f = 0; f < features.size(); f++) {
      values[entities.length + f] = joined.gather(features.get(f), rows.firstRow(), rows.rows());
    }
    CodecFactory codecs = new CodecFactory(conf, properties.getPageSizeThreshold());
    try {
      ColumnChunkPageWriteStore pages =
          new ColumnChunkPageWriteStore(
              codecs.getCompressor(CompressionCodecName.SNAPPY),
              schema,
              properties.getAllocator(),
              properties.getColumnIndexTruncateLength(),
              properties.getPageWriteChecksumEnabled());
      ColumnWriteStore store = properties.newColumnWriteStore(schema, pages, pages);
      List<ColumnDescriptor> columns = schema.getColumns();
      ColumnWriter[] writers = new ColumnWriter[columns.size()];
      int[] definedLevels = new int[writers.length];
      for (int c = 0; c < writers.length; c++) {
        writers[c] = store.getColumnWriter(columns.get(c));
        definedLevels[c] = columns.get(c).getMaxDefinitionLevel();
      }
      for (int r = 0; r < rows.rows(); r++) {
        for (int c = 0; c < writers.length; c++) {
          ColumnVector v = values[c];
          int defined = definedLevels[c];
          if (v.nulls[r]) {
            writers[c].writeNull(0, 0);
          } else if (v.kind == ColumnVector.Kind.OBJECT) {
            writeList(
                writers[c],
                features.get(c - entities.length).type(),
                (Value) v.objects[r],
                defined);
          } else {
            write(writers[c], v, r, defined);
          }
        }
        store.endRecord();
      }
      store.flush();
      return new EncodedPart(pages, store, rows.rows());
    } finally {
      codecs.release();
    }
  }

  private static void write(ColumnWriter out, ColumnVector v, int r, int defined) {
    switch (v.kind) {
      case BOOLEAN -> out.write(v.longs[r] != 0, 0, defined);
      case INT32 -> out.write((int) v.longs[r], 0, defined);
      case INT64 -> out.write(v.longs[r], 0, defined);
      case FLOAT -> out.write((float) v.doubles[r], 0, defined);
      case DOUBLE -> out.write(v.doubles[r], 0, defined);
      case BINARY -> out.write(v.binaries[r], 0, defined);
      case OBJECT -> throw new IllegalStateException("a list is written by writeList");
    }
  }

  /**
   * Writes a list feature's value into its element column ({@code optional group (LIST) {repeated
   * group list {required element}}}, as the offline store lays lists out): an empty list as a
   * defined group with no element, otherwise each element, the first starting the row; {@code
   * elements} is the definition level of a present element.
   */
  private static void writeList(ColumnWriter out, ValueType type, Value value, int elements) {
    int size = ValueColumns.listSize(type, value);
    if (size == 0) {
      out.writeNull(0, elements - 1);
    }
    for (int i = 0; i < size; i++) {
      int repeated = i == 0 ? 0 : 1;
      switch (type) {
        case INT32_LIST -> out.write(value.getInt32ListVal().getValues(i), repeated, elements);
        case INT64_LIST -> out.write(value.getInt64ListVal().getValues(i), repeated, elements);
        case FLOAT_LIST -> out.write(value.getFloatListVal().getValues(i), repeated, elements);
        case DOUBLE_LIST -> out.write(value.getDoubleListVal().getValues(i), repeated, elements);
        default ->
            out.write(Binary.fromString(value.getStringListVal().getValues(i)), repeated, elements);
      }
    }
  }

  /** Writes the oldest part to the output as a row group, waiting for it to be encoded. */
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
    try (encoded) {
      file.startBlock(encoded.rows());
      encoded.pages().flushToFileWriter(file);
      file.endBlock();
    }
  }

  /** A part encoded into compressed pages, waiting to be written as a row group. */
  private record EncodedPart(ColumnChunkPageWriteStore pages, ColumnWriteStore store, int rows)
      implements AutoCloseable {
    @Override
    public void close() {
      store.close();
      pages.close();
    }
  }
}
