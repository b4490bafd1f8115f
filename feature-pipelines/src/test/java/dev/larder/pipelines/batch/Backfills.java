package dev.larder.pipelines.batch;

import com.google.gson.JsonObject;
import dev.larder.pipelines.sink.delta.TableTarget;
import dev.larder.pipelines.source.RecordFormat;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.EventSets;
import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.FeatureValues;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Source;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.ReadFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Test fixtures for backfill runs: event files, requests, and the table's rows. */
final class Backfills {

  static final Instant RUN_TIME = Instant.parse("2026-11-23T12:00:00Z");

  private Backfills() {}

  /** A request over {@code input} ({@code jsonl} unless it ends in .csv) with a fresh run id. */
  static BackfillRequest request(
      FeatureView view,
      Source source,
      Path input,
      Instant start,
      Instant end,
      Path root,
      String runId) {
    return request(view, source, input, start, end, root, runId, Map.of());
  }

  static BackfillRequest request(
      FeatureView view,
      Source source,
      Path input,
      Instant start,
      Instant end,
      Path root,
      String runId,
      Map<String, String> hadoop) {
    RecordFormat format = input.toString().endsWith(".csv") ? RecordFormat.CSV : RecordFormat.JSONL;
    return new BackfillRequest(
        view, source, input, format, start, end, root.toString(), hadoop, runId, RUN_TIME);
  }

  /** One JSON line per event of the {@link EventSets} source, in order. */
  static void writeJsonLines(Path file, List<Event> events) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Event e : events) {
      JsonObject o = new JsonObject();
      List<Object> c = e.columns();
      for (int i = 0; i < EventSets.COLUMNS.size() - 1; i++) {
        Object v = c.get(i);
        if (v instanceof Number n) {
          o.addProperty(EventSets.COLUMNS.get(i), n);
        } else if (v != null) {
          o.addProperty(EventSets.COLUMNS.get(i), v.toString());
        }
      }
      o.addProperty("event_time", instant((Long) c.get(5)).toString());
      lines.add(o.toString());
    }
    Files.createDirectories(file.getParent());
    Files.write(file, lines);
  }

  /** The events as the reader sees them in {@code file}: that file, lines from 1. */
  static List<Event> asRead(Path file, List<Event> events) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      out.add(
          new Event(
              e.entityKey(), e.eventTimeMicros(), e.id(), e.columns(), file.toString(), i + 1));
    }
    return out;
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  /** Every row of the view's table, sorted by entity and event time. */
  static List<OfflineRow> tableRows(BackfillRequest request) {
    return sorted(
        TableTarget.open(request.offlineRoot(), request.hadoopProperties())
            .snapshot(request.view())
            .read(ReadFilter.all()));
  }

  /** Computed rows as the table stores them, sorted by entity and event time. */
  static List<OfflineRow> offline(FeatureView view, List<FeatureRow> rows) {
    long created = RUN_TIME.getEpochSecond() * 1_000_000L;
    return sorted(rows.stream().map(r -> FeatureValues.toOfflineRow(view, r, created)).toList());
  }

  static List<OfflineRow> sorted(List<OfflineRow> rows) {
    List<OfflineRow> out = new ArrayList<>(rows);
    out.sort(
        Comparator.comparing((OfflineRow r) -> r.entity().toString())
            .thenComparingLong(OfflineRow::eventTimeMicros));
    return out;
  }

  /** {@code key@eventMicros=value} of a row's first join key and first (INT64) feature. */
  static String firstKeyTimeAndCount(OfflineRow r) {
    return r.entity().get(0).getStringVal()
        + "@"
        + r.eventTimeMicros()
        + "="
        + r.values().get(0).getInt64Val();
  }
}
