package dev.larder.pipelines.transform;

import dev.larder.proto.types.v1.ValueType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses raw records (column name to raw cell, see {@link RawValues}) against a compiled view's
 * source schema. Never throws on bad input: a record that does not fit becomes a {@link BadRecord}
 * with a reason naming the field. Columns the schema does not declare are ignored. Stateless and
 * thread-safe.
 */
public final class EventParser implements Serializable {

  private static final long serialVersionUID = 1L;

  private final ViewProgram program;

  public EventParser(ViewProgram program) {
    this.program = program;
  }

  /**
   * @param raw the record's cells by column name
   * @param rawText the record as read, kept in a {@link BadRecord}
   * @param file where it was read
   * @param line its 1-based line or record number
   * @return an {@link Event}, or a {@link BadRecord} when a cell does not fit its column's type or
   *     the timestamp, a join key or the id is missing
   */
  public Parsed parse(Map<String, ?> raw, String rawText, String file, long line) {
    List<String> names = program.columnNames();
    List<ValueType> types = program.columnTypes();
    List<Object> columns = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      try {
        columns.add(RawValues.typed(raw.get(names.get(i)), types.get(i)));
      } catch (IllegalArgumentException e) {
        return new BadRecord("field " + names.get(i) + ": " + e.getMessage(), rawText, file, line);
      }
    }
    Object ts = columns.get(program.timestampColumn());
    if (ts == null) {
      return new BadRecord(
          "missing timestamp field " + names.get(program.timestampColumn()), rawText, file, line);
    }
    List<Object> entity = new ArrayList<>(program.joinKeyColumns().size());
    for (int c : program.joinKeyColumns()) {
      Object k = columns.get(c);
      if (k == null) {
        return new BadRecord("missing join key " + names.get(c), rawText, file, line);
      }
      entity.add(k);
    }
    Object id = null;
    if (program.idColumn() >= 0) {
      id = columns.get(program.idColumn());
      if (id == null) {
        return new BadRecord(
            "missing id field " + names.get(program.idColumn()), rawText, file, line);
      }
    }
    return new Event(EntityKeys.encode(entity), (Long) ts, id, columns, file, line);
  }
}
