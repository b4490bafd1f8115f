package dev.larder.registry.store;

import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.errors.InvalidArgumentException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the {@code larder_materializations} table (migration V2), the same on SQLite and
 * PostgreSQL. Stateless; callers own the connection.
 */
final class MaterializationTable {

  private MaterializationTable() {}

  /**
   * Checks an interval to record and returns it as it will be stored and read back (interval in
   * microseconds, time of recording in milliseconds).
   *
   * @throws InvalidArgumentException naming the bad value
   */
  static MaterializedInterval checked(
      String project,
      String view,
      int version,
      Instant start,
      Instant end,
      long rowsWritten,
      String by,
      Instant now) {
    Instant s = start.truncatedTo(ChronoUnit.MICROS);
    Instant e = end.truncatedTo(ChronoUnit.MICROS);
    if (!s.isBefore(e)) {
      throw new InvalidArgumentException(
          "materialized interval: start " + start + " must be before end " + end);
    }
    if (rowsWritten < 0) {
      throw new InvalidArgumentException("rows_written must be >= 0, was " + rowsWritten);
    }
    // Stored in milliseconds: return what a later read gives.
    return new MaterializedInterval(
        project, view, version, s, e, rowsWritten, by, now.truncatedTo(ChronoUnit.MILLIS));
  }

  static void insert(Connection c, MaterializedInterval m) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO larder_materializations (project, view_name, version, start_micros,"
                + " end_micros, rows_written, materialized_by, materialized_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, m.project());
      s.setString(2, m.view());
      s.setInt(3, m.version());
      s.setLong(4, micros(m.start()));
      s.setLong(5, micros(m.end()));
      s.setLong(6, m.rowsWritten());
      s.setString(7, m.materializedBy());
      s.setLong(8, m.materializedAt().toEpochMilli());
      s.executeUpdate();
    }
  }

  static List<MaterializedInterval> select(Connection c, String project, String view, int version)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT start_micros, end_micros, rows_written, materialized_by, materialized_at"
                + " FROM larder_materializations WHERE project = ? AND view_name = ? AND version = ?"
                + " ORDER BY materialized_at, end_micros, start_micros")) {
      s.setString(1, project);
      s.setString(2, view);
      s.setInt(3, version);
      List<MaterializedInterval> found = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(
              new MaterializedInterval(
                  project,
                  view,
                  version,
                  fromMicros(r.getLong(1)),
                  fromMicros(r.getLong(2)),
                  r.getLong(3),
                  r.getString(4),
                  Instant.ofEpochMilli(r.getLong(5))));
        }
      }
      return found;
    }
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  private static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}
