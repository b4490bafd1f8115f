package dev.larder.storage.offline.delta;

import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.StagedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Writes rows of one {@code event_date} partition into new Parquet files under {@code
 * event_date=YYYY-MM-DD/}, starting a new file when one reaches the row or size limit. Files get
 * fresh random names, so a file written by a run that never committed is not referenced by the log:
 * an orphan that readers never see. Thread-safe; each {@link PartitionSink} is not.
 */
final class DataFileWriter {

  /**
   * The largest row group: what one open file buffers in memory before it writes to disk, so that a
   * writer with many partitions open at once stays within a bounded heap.
   */
  private static final long MAX_ROW_GROUP_BYTES = 32L * 1024 * 1024;

  /** How many rows go by between two looks at the buffered size of a file. */
  private static final int SIZE_CHECK_INTERVAL = 1_000;

  private final Configuration conf;
  private final long maxRowsPerFile;
  private final long targetFileSizeBytes;

  DataFileWriter(Configuration conf, long maxRowsPerFile, long targetFileSizeBytes) {
    this.conf = conf;
    this.maxRowsPerFile = maxRowsPerFile;
    this.targetFileSizeBytes = targetFileSizeBytes;
  }

  /** A sink for rows of one partition whose files aim at the configured target size. */
  PartitionSink open(TableLayout layout, LocalDate date) {
    return open(layout, date, targetFileSizeBytes);
  }

  /** A sink for rows of one partition whose files aim at {@code targetBytes}. */
  PartitionSink open(TableLayout layout, LocalDate date, long targetBytes) {
    return new PartitionSink(layout, date, targetBytes);
  }

  /**
   * Takes the rows of one partition and writes them into as many files as the limits need. Call
   * {@link #finish()} to complete the last file; {@link #close()} alone abandons it.
   */
  final class PartitionSink implements AutoCloseable {
    private final TableLayout layout;
    private final LocalDate date;
    private final long targetBytes;
    private final List<StagedFile> files = new ArrayList<>();
    private ParquetWriter<OfflineRow> writer;
    private String relative;
    private FileStatsCollector stats;

    private PartitionSink(TableLayout layout, LocalDate date, long targetBytes) {
      this.layout = layout;
      this.date = date;
      this.targetBytes = targetBytes;
    }

    /**
     * Writes a row whose event date is this sink's date.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    void add(OfflineRow row) {
      try {
        if (writer == null) {
          relative =
              TableLayout.EVENT_DATE
                  + "="
                  + date
                  + "/part-"
                  + UUID.randomUUID()
                  + ".snappy.parquet";
          writer = newWriter(new Path(layout.tablePath(), relative));
          stats = new FileStatsCollector(layout.joinKeys().size());
        }
        writer.write(row);
        stats.add(row);
        long rows = stats.count();
        if (rows >= maxRowsPerFile
            || (rows % SIZE_CHECK_INTERVAL == 0 && writer.getDataSize() >= targetBytes)) {
          completeFile();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + layout.tablePath() + "/" + relative, e);
      }
    }

    /**
     * Completes the last file.
     *
     * @return every file this sink wrote, none when it got no rows
     */
    List<StagedFile> finish() {
      try {
        if (writer != null) {
          completeFile();
        }
        return List.copyOf(files);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + layout.tablePath() + "/" + relative, e);
      }
    }

    @Override
    public void close() {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException | RuntimeException ignored) {
          // abandoning a failed write; its failure is the one to report
        }
        writer = null;
      }
    }

    private void completeFile() throws IOException {
      writer.close();
      writer = null;
      Path path = new Path(layout.tablePath(), relative);
      FileStatus status = path.getFileSystem(conf).getFileStatus(path);
      FileStats result = stats.result();
      files.add(
          new StagedFile(
              relative,
              date,
              status.getLen(),
              status.getModificationTime(),
              result.numRecords(),
              result.toJson(layout.joinKeys())));
    }

    private ParquetWriter<OfflineRow> newWriter(Path path) throws IOException {
      return SnappyParquetWriters.open(
          HadoopOutputFile.fromPath(path, conf),
          conf,
          new RowWriteSupport(layout),
          ParquetFileWriter.Mode.CREATE,
          Math.min(targetBytes, MAX_ROW_GROUP_BYTES));
    }
  }
}
