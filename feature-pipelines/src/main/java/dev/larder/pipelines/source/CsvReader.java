package dev.larder.pipelines.source;

import dev.larder.pipelines.transform.BadRecord;
import dev.larder.pipelines.transform.EventParser;
import dev.larder.pipelines.transform.Parsed;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads CSV (UTF-8, comma-separated, header line first). Fields may be quoted with {@code "} and a
 * quote inside doubled; a quoted field cannot span lines. An empty field is null. A line whose
 * field count differs from the header's is a bad record.
 */
final class CsvReader implements RecordReader {

  private static final long serialVersionUID = 1L;

  @Override
  public void read(Path file, EventParser parser, Consumer<Parsed> out) throws IOException {
    String name = file.toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String headerLine = r.readLine();
      if (headerLine == null) {
        return;
      }
      List<String> header = split(headerLine);
      long lineNo = 1;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        List<String> fields;
        try {
          fields = split(line);
        } catch (IllegalArgumentException e) {
          out.accept(new BadRecord(e.getMessage(), line, name, lineNo));
          continue;
        }
        if (fields.size() != header.size()) {
          out.accept(
              new BadRecord(
                  "expected " + header.size() + " fields, got " + fields.size(),
                  line,
                  name,
                  lineNo));
          continue;
        }
        Map<String, Object> cells = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          cells.put(header.get(i), fields.get(i));
        }
        out.accept(parser.parse(cells, line, name, lineNo));
      }
    }
  }

  /**
   * Splits one CSV line into its fields, unquoting quoted ones.
   *
   * @throws IllegalArgumentException if a quoted field is not closed
   */
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unclosed quote");
    }
    fields.add(f.toString());
    return fields;
  }
}
