package dev.larder.storage.offline.delta;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStoreException;
import dev.larder.storage.offline.StagedFile;
import dev.larder.storage.offline.StagedWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stages rows into files of their {@code event_date} partitions through one {@link
 * DataFileWriter.PartitionSink} per partition. At most {@value #MAX_OPEN_PARTITIONS} partitions
 * have a file open at once: past that, the partition written least recently completes its file (a
 * later row of it starts a new one), so memory stays bounded whatever the rows' order. Not
 * thread-safe.
 */
final class DeltaStagedWriter implements StagedWriter {

  static final int MAX_OPEN_PARTITIONS = 16;

  private final FeatureView view;
  private final TableLayout layout;
  private final DataFileWriter writer;
  private final Map<LocalDate, DataFileWriter.PartitionSink> open =
      new LinkedHashMap<>(MAX_OPEN_PARTITIONS * 2, 0.75f, true);
  private final List<StagedFile> staged = new ArrayList<>();
  private int rows;
  private boolean finished;

  DeltaStagedWriter(FeatureView view, TableLayout layout, DataFileWriter writer) {
    this.view = view;
    this.layout = layout;
    this.writer = writer;
  }

  @Override
  public void write(OfflineRow row) {
    if (finished) {
      throw new IllegalStateException("the writer is finished");
    }
    RowChecks.check(view, row, rows, null);
    LocalDate date = RowChecks.eventDate(row.eventTimeMicros());
    DataFileWriter.PartitionSink sink = open.get(date);
    if (sink == null) {
      if (open.size() == MAX_OPEN_PARTITIONS) {
        Iterator<DataFileWriter.PartitionSink> eldest = open.values().iterator();
        complete(eldest.next());
        eldest.remove();
      }
      sink = writer.open(layout, date);
      open.put(date, sink);
    }
    try {
      sink.add(row);
    } catch (UncheckedIOException e) {
      throw new OfflineStoreException(e.getMessage(), e.getCause());
    }
    rows++;
  }

  @Override
  public List<StagedFile> finish() {
    finished = true;
    for (DataFileWriter.PartitionSink sink : open.values()) {
      complete(sink);
    }
    open.clear();
    return List.copyOf(staged);
  }

  @Override
  public void close() {
    open.values().forEach(DataFileWriter.PartitionSink::close);
    open.clear();
    finished = true;
  }

  private void complete(DataFileWriter.PartitionSink sink) {
    try {
      staged.addAll(sink.finish());
    } catch (UncheckedIOException e) {
      throw new OfflineStoreException(e.getMessage(), e.getCause());
    } finally {
      sink.close();
    }
  }
}
