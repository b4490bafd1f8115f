package dev.larder.examples.fooddelivery;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Writes the raw events of the food-delivery sources as JSON lines, the way they would be archived
 * from Kafka: {@code orders/}, {@code restaurant_status/} and {@code courier_locations/} under one
 * data folder, in files of at most {@value #LINES_PER_FILE} lines. Timestamps are RFC 3339 strings
 * in UTC. As in real archives, a share of events arrive late (written minutes after newer ones),
 * some are written twice (same id), and some lines are not valid events at all; {@link Summary}
 * counts each kind so that tests can check a pipeline's counts against them.
 *
 * <p>Deterministic for given settings. Streams to disk, so any size fits in memory.
 */
public final class RawEventWriter {

  /** Lines per file; bigger sources are split so readers can work on files in parallel. */
  public static final int LINES_PER_FILE = 1_000_000;

  /** The sources, by the folder their files go to. */
  public static final List<String> SOURCES =
      List.of("orders", "restaurant_status", "courier_locations");

  /** How far behind a late event is written: this many later events come first. */
  private static final int LATE_BY_EVENTS = 200;

  /**
   * What was written for one source.
   *
   * @param events distinct valid events (duplicates and malformed lines not included)
   * @param duplicates extra copies of valid events
   * @param late valid events written after newer ones
   * @param malformed lines that are no valid event
   */
  public record Counts(long events, long duplicates, long late, long malformed, int files) {
    /** Every line written. */
    public long lines() {
      return events + duplicates + malformed;
    }
  }

  /** Counts by source folder name. */
  public record Summary(Map<String, Counts> sources) {}

  private final RawEventSettings settings;

  public RawEventWriter(RawEventSettings settings) {
    this.settings = settings;
  }

  /**
   * Writes every source's files under {@code dataDir}, replacing files of an earlier run.
   *
   * @throws UncheckedIOException when a file cannot be written
   */
  public Summary write(Path dataDir) {
    int orders = settings.orders();
    RawEvents events =
        new RawEvents(
            Math.max(100, orders / 20), Math.max(20, orders / 200), Math.max(10, orders / 100));
    Map<String, Counts> counts = new LinkedHashMap<>();
    counts.put("orders", write(dataDir.resolve("orders"), orders, 1, events::order));
    counts.put(
        "restaurant_status",
        write(dataDir.resolve("restaurant_status"), orders / 2, 2, events::restaurantStatus));
    counts.put(
        "courier_locations",
        write(dataDir.resolve("courier_locations"), orders, 3, events::courierPing));
    return new Summary(counts);
  }

  /** Makes the JSON line of event {@code index} at {@code time}; broken lines when asked. */
  @FunctionalInterface
  interface EventLine {
    String line(Random r, long index, Instant time, RawEvents.Damage damage);
  }

  private Counts write(Path dir, long n, int stream, EventLine events) {
    Random r = new Random(settings.seed() * 31 + stream);
    long startMillis = settings.end().minus(settings.span()).toEpochMilli();
    double stepMillis = settings.span().toMillis() / (double) Math.max(1, n);
    PriorityQueue<Due> due =
        new PriorityQueue<>(Comparator.comparingLong(Due::at).thenComparingLong(Due::seq));
    long duplicates = 0;
    long late = 0;
    long malformed = 0;
    try (PartFiles files = new PartFiles(dir)) {
      for (long i = 0; i < n; i++) {
        long millis = startMillis + (long) (i * stepMillis + r.nextDouble() * stepMillis);
        Instant time = Instant.ofEpochMilli(Math.min(millis, settings.end().toEpochMilli() - 1));
        String line = events.line(r, i, time, RawEvents.Damage.NONE);
        if (r.nextDouble() < settings.lateShare()) {
          due.add(new Due(i + LATE_BY_EVENTS, i * 2, line));
          late++;
        } else {
          files.write(line);
        }
        if (r.nextDouble() < settings.duplicateShare()) {
          due.add(new Due(i + 1 + r.nextInt(LATE_BY_EVENTS), i * 2 + 1, line));
          duplicates++;
        }
        if (r.nextDouble() < settings.malformedShare()) {
          RawEvents.Damage damage = RawEvents.Damage.values()[1 + (int) (malformed % 3)];
          files.write(events.line(r, n + malformed, time, damage));
          malformed++;
        }
        flushDue(due, i, files);
      }
      flushDue(due, Long.MAX_VALUE, files);
      return new Counts(n, duplicates, late, malformed, files.count());
    }
  }

  /** A line held back until event {@code at} has been written. */
  private record Due(long at, long seq, String line) {}

  private static void flushDue(PriorityQueue<Due> due, long now, PartFiles files) {
    while (!due.isEmpty() && due.peek().at() <= now) {
      files.write(due.poll().line());
    }
  }

  /** The files of one source: numbered parts of at most {@value #LINES_PER_FILE} lines. */
  private static final class PartFiles implements AutoCloseable {
    private final Path dir;
    private BufferedWriter out;
    private int count;
    private long linesInFile;

    PartFiles(Path dir) {
      this.dir = dir;
      try {
        Files.createDirectories(dir);
        try (var old = Files.newDirectoryStream(dir, "part-*.jsonl")) {
          for (Path p : old) {
            Files.delete(p);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare " + dir, e);
      }
    }

    void write(String line) {
      try {
        if (out == null || linesInFile == LINES_PER_FILE) {
          close();
          out =
              Files.newBufferedWriter(
                  dir.resolve(String.format(Locale.ROOT, "part-%05d.jsonl", count++)),
                  StandardCharsets.UTF_8);
          linesInFile = 0;
        }
        out.write(line);
        out.write('\n');
        linesInFile++;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write to " + dir, e);
      }
    }

    int count() {
      return count;
    }

    @Override
    public void close() {
      if (out != null) {
        try {
          out.close();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write to " + dir, e);
        }
        out = null;
      }
    }
  }
}
