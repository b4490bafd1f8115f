package dev.larder.pipelines.source;

import dev.larder.pipelines.transform.BadRecord;
import dev.larder.pipelines.transform.EventParser;
import dev.larder.pipelines.transform.JsonCells;
import dev.larder.pipelines.transform.Parsed;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Reads JSON lines (UTF-8): one object per line, blank lines skipped, line numbers from 1. */
final class JsonLinesReader implements RecordReader {

  private static final long serialVersionUID = 1L;

  @Override
  public void read(Path file, EventParser parser, Consumer<Parsed> out) throws IOException {
    String name = file.toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long lineNo = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        Map<String, Object> cells;
        try {
          cells = JsonCells.parseObject(line);
        } catch (IllegalArgumentException e) {
          out.accept(new BadRecord(e.getMessage(), line, name, lineNo));
          continue;
        }
        out.accept(parser.parse(cells, line, name, lineNo));
      }
    }
  }
}
