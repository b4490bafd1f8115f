package dev.larder.testing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server for integration tests, found in this order:
 *
 * <ol>
 *   <li>the JDBC URL in the environment variable {@value #URL_ENV}, user and password included
 *       (e.g. {@code jdbc:postgresql://host:5432/db?user=u&password=p}), of a server on which the
 *       tests may create databases;
 *   <li>a {@code postgres:15} container, when Testcontainers is on the test classpath and a Docker
 *       engine answers;
 *   <li>a private server started from {@code initdb} and {@code postgres} on the PATH or in the
 *       newest {@code /usr/lib/postgresql/VERSION/bin}, on a free port of 127.0.0.1.
 * </ol>
 *
 * <p>Use it as {@code @RegisterExtension static final PostgresServerExtension PG = new
 * PostgresServerExtension();}: the server starts before the class's first test and stops after its
 * last. Outside JUnit Jupiter (jqwik properties), call {@link #start()} and {@link #close()}. Tests
 * that must not see each other's tables each take a {@link #freshDatabase()}. {@link #start()} and
 * {@link #close()} are for one thread; the other methods may be called from several.
 */
public final class PostgresServerExtension extends ServiceFixture {

  /** The environment variable naming an existing PostgreSQL to test against. */
  public static final String URL_ENV = "LARDER_TEST_POSTGRES_URL";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<String> createdDatabases = new ArrayList<>();
  private volatile String jdbcUrl;
  private PostgresServerProcess local;
  private AutoCloseable container;

  public PostgresServerExtension() {
    super(URL_ENV);
  }

  @Override
  protected boolean isStarted() {
    return jdbcUrl != null;
  }

  /**
   * @throws IllegalArgumentException when {@value #URL_ENV} is not a {@code jdbc:postgresql://} URL
   */
  @Override
  protected void useExisting(String url) {
    withDatabase(url, "postgres"); // validates
    jdbcUrl = url;
  }

  @Override
  protected void startContainer() {
    TestcontainersPostgres postgres = TestcontainersPostgres.start();
    container = postgres;
    jdbcUrl = postgres.jdbcUrl();
  }

  @Override
  protected void startLocal() {
    if (PostgresServerProcess.findBinDir().isEmpty()) {
      throw new IllegalStateException(
          "No PostgreSQL for integration tests: "
              + URL_ENV
              + " is not set, no Docker engine answers, and there is no initdb on the PATH or in"
              + " /usr/lib/postgresql/*/bin. Install postgresql (Debian/Ubuntu: apt-get install"
              + " postgresql; macOS: brew install postgresql) or set "
              + URL_ENV
              + "=jdbc:postgresql://host:5432/db?user=u&password=p to a server the tests may"
              + " create databases on.");
    }
    local = PostgresServerProcess.start();
    jdbcUrl = local.jdbcUrl("postgres");
  }

  /**
   * The server's JDBC URL, user (and password, where one is needed) included, so that {@code
   * DriverManager.getConnection(jdbcUrl())} connects. Its database is shared by every user of this
   * extension; prefer {@link #freshDatabase()}.
   *
   * @throws IllegalStateException when not started
   */
  public String jdbcUrl() {
    String url = jdbcUrl;
    if (url == null) {
      throw new IllegalStateException(
          "PostgreSQL is not started: register the extension as a static @RegisterExtension"
              + " field, or call start()");
    }
    return url;
  }

  /**
   * Creates a new, empty database with a unique name on the server and returns its JDBC URL (same
   * user and parameters as {@link #jdbcUrl()}). Databases made on a {@value #URL_ENV} server are
   * dropped again by {@link #close()}.
   *
   * @throws IllegalStateException when not started, or the server refuses
   */
  public String freshDatabase() {
    String name = "larder_test_" + Long.toUnsignedString(RANDOM.nextLong(), 36);
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    synchronized (createdDatabases) {
      createdDatabases.add(name);
    }
    return withDatabase(jdbcUrl(), name);
  }

  /**
   * The folder of the private server this extension started, if it started one: it holds the
   * cluster and the server's log, and is deleted by {@link #close()}.
   */
  public Optional<Path> localServerDirectory() {
    return Optional.ofNullable(local).map(PostgresServerProcess::directory);
  }

  /**
   * Stops the server if this extension started it and deletes its folder; on a {@value #URL_ENV}
   * server, drops the databases {@link #freshDatabase()} made (best effort). Idempotent.
   */
  @Override
  public void close() {
    try {
      if (local != null) {
        local.close();
      } else if (container != null) {
        container.close();
      } else if (jdbcUrl != null) {
        dropCreatedDatabases();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the PostgreSQL container", e);
    } finally {
      local = null;
      container = null;
      jdbcUrl = null;
      synchronized (createdDatabases) {
        createdDatabases.clear();
      }
    }
  }

  private void dropCreatedDatabases() {
    synchronized (createdDatabases) {
      try (Connection connection = DriverManager.getConnection(jdbcUrl);
          Statement statement = connection.createStatement()) {
        for (String name : createdDatabases) {
          statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
      } catch (SQLException e) {
        // Leftover larder_test_* databases on a test server are harmless.
      }
    }
  }

  /**
   * {@code url} with its database replaced by {@code database}, e.g. {@code
   * jdbc:postgresql://h:5432/a?user=u} → {@code jdbc:postgresql://h:5432/b?user=u}.
   */
  static String withDatabase(String url, String database) {
    String prefix = "jdbc:postgresql://";
    if (!url.startsWith(prefix)) {
      throw new IllegalArgumentException(
          URL_ENV + " must look like " + prefix + "host:5432/db?user=u&password=p");
    }
    int query = url.indexOf('?');
    String address = query < 0 ? url : url.substring(0, query);
    int slash = address.indexOf('/', prefix.length());
    String hosts = slash < 0 ? address : address.substring(0, slash);
    return hosts + "/" + database + (query < 0 ? "" : url.substring(query));
  }
}
