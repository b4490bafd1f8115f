package dev.larder.testing;

import com.google.protobuf.ByteString;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a Delta table with Delta Kernel: a reader that shares no code with Larder's, to prove that
 * Larder's tables are plain Delta. Rows come back as column name to Java value: {@code Boolean},
 * {@code Integer}, {@code Long} (timestamps in microseconds), {@code Float}, {@code Double}, {@code
 * String}, {@link ByteString}, {@link LocalDate}, {@code List} for arrays, null for nulls.
 */
public final class DeltaKernelReader {

  private DeltaKernelReader() {}

  /** The newest version of the table at {@code path}. */
  public static long version(String path) {
    Engine engine = DefaultEngine.create(new Configuration());
    return Table.forPath(engine, path).getLatestSnapshot(engine).getVersion(engine);
  }

  /** Every row of the newest version of the table at {@code path}, in file order. */
  public static List<Map<String, Object>> readAll(String path) {
    Engine engine = DefaultEngine.create(new Configuration());
    Snapshot snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
    Scan scan = snapshot.getScanBuilder(engine).build();
    Row scanState = scan.getScanState(engine);
    StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<Row> fileRows = scanFiles.next().getRows()) {
          while (fileRows.hasNext()) {
            readFile(engine, scanState, physicalSchema, fileRows.next(), rows);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static void readFile(
      Engine engine,
      Row scanState,
      StructType physicalSchema,
      Row scanFile,
      List<Map<String, Object>> out)
      throws IOException {
    FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
    CloseableIterator<ColumnarBatch> physical =
        engine
            .getParquetHandler()
            .readParquetFiles(singleton(file), physicalSchema, Optional.empty());
    try (CloseableIterator<FilteredColumnarBatch> logical =
        Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
      while (logical.hasNext()) {
        FilteredColumnarBatch batch = logical.next();
        ColumnarBatch data = batch.getData();
        List<StructField> fields = data.getSchema().fields();
        for (int r = 0; r < data.getSize(); r++) {
          if (batch.getSelectionVector().isPresent()
              && !batch.getSelectionVector().get().getBoolean(r)) {
            continue;
          }
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 0; c < fields.size(); c++) {
            row.put(fields.get(c).getName(), value(data.getColumnVector(c), r));
          }
          out.add(row);
        }
      }
    }
  }

  private static Object value(ColumnVector v, int r) {
    if (v.isNullAt(r)) {
      return null;
    }
    DataType type = v.getDataType();
    if (type instanceof BooleanType) {
      return v.getBoolean(r);
    } else if (type instanceof IntegerType) {
      return v.getInt(r);
    } else if (type instanceof LongType || type instanceof TimestampType) {
      return v.getLong(r);
    } else if (type instanceof FloatType) {
      return v.getFloat(r);
    } else if (type instanceof DoubleType) {
      return v.getDouble(r);
    } else if (type instanceof StringType) {
      return v.getString(r);
    } else if (type instanceof BinaryType) {
      return ByteString.copyFrom(v.getBinary(r));
    } else if (type instanceof DateType) {
      return LocalDate.ofEpochDay(v.getInt(r));
    } else if (type instanceof ArrayType) {
      ArrayValue array = v.getArray(r);
      List<Object> elements = new ArrayList<>();
      for (int i = 0; i < array.getSize(); i++) {
        elements.add(value(array.getElements(), i));
      }
      return elements;
    }
    throw new IllegalArgumentException("no test mapping for Delta type " + type);
  }

  private static CloseableIterator<FileStatus> singleton(FileStatus file) {
    return new CloseableIterator<>() {
      private boolean done;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public FileStatus next() {
        done = true;
        return file;
      }

      @Override
      public void close() {}
    };
  }
}
