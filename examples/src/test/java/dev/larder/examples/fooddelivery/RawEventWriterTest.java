package dev.larder.examples.fooddelivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.examples.fooddelivery.RawEventWriter.Counts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawEventWriterTest {

  static final Instant END = Instant.parse("2026-11-23T12:00:00Z");
  static final Pattern ID = Pattern.compile("^\\{\"(?:order|status|ping)_id\":\"(\\w+)\"");
  static final Pattern TIME = Pattern.compile("\"event_time\":\"([^\"]+)\"\\}$");

  @TempDir Path dir;

  private static RawEventSettings settings(int orders) {
    return new RawEventSettings(orders, 7, END, Duration.ofDays(2), 0.02, 0.01, 0.01);
  }

  private static List<String> lines(Path sourceDir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(sourceDir).sorted()) {
      for (Path f : files.toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }

  @Test
  void everyLineIsCountedAsAnEventADuplicateOrMalformed() throws IOException {
    RawEventWriter.Summary summary = new RawEventWriter(settings(5_000)).write(dir);

    assertThat(summary.sources().keySet()).containsExactlyElementsOf(RawEventWriter.SOURCES);
    for (String source : RawEventWriter.SOURCES) {
      Counts counts = summary.sources().get(source);
      List<String> lines = lines(dir.resolve(source));
      List<String> valid = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      int outOfOrder = 0;
      Instant newest = END.minus(Duration.ofDays(3));
      for (String line : lines) {
        Matcher id = ID.matcher(line);
        Matcher time = TIME.matcher(line);
        boolean wrongType = line.matches(".*\":\"(lots|busy|north)\".*");
        if (!id.find() || !time.find() || wrongType) {
          continue;
        }
        valid.add(line);
        ids.add(id.group(1));
        Instant t = Instant.parse(time.group(1));
        assertThat(t).isBetween(END.minus(Duration.ofDays(2)), END.minusMillis(1));
        if (t.isBefore(newest.minus(Duration.ofMinutes(1)))) {
          outOfOrder++;
        }
        newest = t.isAfter(newest) ? t : newest;
      }
      assertThat(lines).as(source).hasSize((int) counts.lines());
      assertThat(lines.size() - valid.size())
          .as(source + " malformed")
          .isEqualTo(counts.malformed());
      assertThat(ids).as(source + " distinct events").hasSize((int) counts.events());
      assertThat(valid.size() - ids.size())
          .as(source + " duplicates")
          .isEqualTo(counts.duplicates());
      assertThat(counts.late()).as(source).isPositive();
      assertThat(outOfOrder)
          .as(source + " written late")
          .isGreaterThanOrEqualTo((int) counts.late());
    }
    assertThat(summary.sources().get("orders").events()).isEqualTo(5_000);
    assertThat(summary.sources().get("restaurant_status").events()).isEqualTo(2_500);
  }

  @Test
  void theSameSettingsWriteTheSameFilesAndARerunReplacesThem() throws IOException {
    new RawEventWriter(settings(2_000)).write(dir.resolve("a"));
    new RawEventWriter(settings(3_000)).write(dir.resolve("b"));
    new RawEventWriter(settings(2_000)).write(dir.resolve("b"));

    for (String source : RawEventWriter.SOURCES) {
      assertThat(lines(dir.resolve("b").resolve(source)))
          .isEqualTo(lines(dir.resolve("a").resolve(source)));
    }
  }
}
