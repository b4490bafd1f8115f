package dev.larder.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL fixture against the server it finds: round trip, isolation, clean stop. */
class PostgresServerExtensionIT {

  @RegisterExtension static final PostgresServerExtension PG = new PostgresServerExtension();

  @Test
  void aQueryRoundTrips() throws SQLException {
    try (Connection connection = DriverManager.getConnection(PG.jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 40 + 2, 'larder'::text")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(42);
      assertThat(rows.getString(2)).isEqualTo("larder");
    }
  }

  @Test
  void freshDatabasesAreEmptyAndIsolated() throws SQLException {
    String first = PG.freshDatabase();
    String second = PG.freshDatabase();
    assertThat(first).isNotEqualTo(second);

    try (Connection connection = DriverManager.getConnection(first);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE views (name text PRIMARY KEY)");
      statement.execute("INSERT INTO views VALUES ('customer')");
    }

    assertThat(tables(first)).containsExactly("views");
    assertThat(tables(second)).isEmpty();
  }

  @Test
  void closeStopsALocalServerAndDeletesItsFolder() throws SQLException {
    PostgresServerExtension own = new PostgresServerExtension();
    own.start();
    Optional<Path> dir = own.localServerDirectory();
    if (dir.isEmpty()) {
      own.close();
    }
    assumeThat(dir).as("a local server started by the extension").isPresent();
    String url = own.jdbcUrl();
    assertThat(dir.get().resolve("data/PG_VERSION")).exists();
    // An open session must not hold the server up (fast shutdown).
    Connection open = DriverManager.getConnection(url);
    assertThat(open.isValid(5)).isTrue();

    own.close();

    assertThat(open.isValid(1)).isFalse();
    open.close();
    assertThat(dir.get()).doesNotExist();
    assertThatThrownBy(() -> DriverManager.getConnection(url).close())
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(own::jdbcUrl).isInstanceOf(IllegalStateException.class);
  }

  private static List<String> tables(String url) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        ResultSet rows =
            connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
      while (rows.next()) {
        names.add(rows.getString("TABLE_NAME"));
      }
    }
    return names;
  }
}
