package dev.larder.registry.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Brings a registry database's schema up to date: numbered SQL scripts, each applied once, in
 * order, recorded in {@code larder_schema_history}. Safe when several processes start at once: the
 * migration runs in one transaction that holds the database's write lock (SQLite) or an advisory
 * lock (PostgreSQL), so the second process finds the work done.
 */
final class SchemaMigrations {

  /** The scripts, in order; the version of each is its position, counted from 1. */
  static final List<String> SCRIPTS = List.of("V1__registry.sql", "V2__materializations.sql");

  /** An arbitrary key for PostgreSQL's advisory lock, the same in every Larder process. */
  private static final long POSTGRES_LOCK_KEY = 0x4C41524445520001L;

  private SchemaMigrations() {}

  /**
   * Applies the scripts the database has not seen.
   *
   * @return how many scripts were applied
   */
  static int migrate(Connection c, SqlDialect dialect) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      if (dialect == SqlDialect.POSTGRESQL) {
        s.execute("SELECT pg_advisory_xact_lock(" + POSTGRES_LOCK_KEY + ")");
      }
      s.execute(
          "CREATE TABLE IF NOT EXISTS larder_schema_history ("
              + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at BIGINT NOT NULL)");
      int done = 0;
      try (ResultSet r = s.executeQuery("SELECT MAX(version) FROM larder_schema_history")) {
        r.next();
        done = r.getInt(1);
      }
      if (done > SCRIPTS.size()) {
        throw new SQLException(
            "the registry database has schema version "
                + done
                + "; this Larder knows only up to "
                + SCRIPTS.size()
                + " (written by a newer Larder?)");
      }
      for (int v = done + 1; v <= SCRIPTS.size(); v++) {
        String script = SCRIPTS.get(v - 1);
        for (String statement : statements(read(script), dialect)) {
          s.execute(statement);
        }
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO larder_schema_history (version, script, applied_at) VALUES (?, ?, ?)")) {
          insert.setInt(1, v);
          insert.setString(2, script);
          insert.setLong(3, System.currentTimeMillis());
          insert.executeUpdate();
        }
      }
      c.commit();
      return SCRIPTS.size() - done;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static List<String> statements(String script, SqlDialect dialect) {
    StringBuilder sql = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    return Arrays.stream(sql.toString().replace("${BLOB}", dialect.blobType()).split(";"))
        .map(String::strip)
        .filter(st -> !st.isEmpty())
        .toList();
  }

  private static String read(String script) {
    try (InputStream in = SchemaMigrations.class.getResourceAsStream("migrations/" + script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
