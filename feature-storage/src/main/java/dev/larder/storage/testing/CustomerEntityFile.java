package dev.larder.storage.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * A Parquet entity file of customers, the input of training-set tests and benchmarks: a UTF-8
 * {@code customer_id}, an INT64 {@code event_timestamp} of a given timestamp type and an INT32
 * {@code label}. Snappy-compressed; an existing file is replaced. Not thread-safe.
 */
public final class CustomerEntityFile implements AutoCloseable {

  private final ParquetWriter<Group> writer;
  private final SimpleGroupFactory rows;

  private CustomerEntityFile(ParquetWriter<Group> writer, MessageType schema) {
    this.writer = writer;
    this.rows = new SimpleGroupFactory(schema);
  }

  /**
   * Creates the file.
   *
   * @param timestamp the type of {@code event_timestamp}: its unit and whether it is UTC
   * @param label whether every row has a label ({@code REQUIRED}) or may lack one ({@code
   *     OPTIONAL})
   * @throws IOException if the file cannot be created
   */
  public static CustomerEntityFile create(
      Path file, TimestampLogicalTypeAnnotation timestamp, Repetition label) throws IOException {
    MessageType schema =
        Types.buildMessage()
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("customer_id")
            .required(PrimitiveTypeName.INT64)
            .as(timestamp)
            .named("event_timestamp")
            .primitive(PrimitiveTypeName.INT32, label)
            .named("label")
            .named("entities");
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(
                HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))
            .withType(schema)
            .withConf(conf)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build();
    return new CustomerEntityFile(writer, schema);
  }

  /**
   * Writes a row.
   *
   * @param eventTime in the unit of the file's timestamp type
   * @param label null for none, if the file's labels are optional
   * @throws IOException if the row cannot be written
   */
  public void write(String customer, long eventTime, Integer label) throws IOException {
    Group row =
        rows.newGroup().append("customer_id", customer).append("event_timestamp", eventTime);
    if (label != null) {
      row.append("label", label);
    }
    writer.write(row);
  }

  /** Completes the file. */
  @Override
  public void close() throws IOException {
    writer.close();
  }
}
