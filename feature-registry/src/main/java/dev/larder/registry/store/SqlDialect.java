package dev.larder.registry.store;

import java.util.Properties;

/** What differs between the databases the registry runs on. */
enum SqlDialect {
  SQLITE("BLOB"),
  POSTGRESQL("BYTEA");

  /** How long a SQLite writer waits for another process's write to finish, in milliseconds. */
  static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;

  /** Seconds to wait for a PostgreSQL connection or socket read. */
  static final int POSTGRES_TIMEOUT_SECONDS = 10;

  private final String blobType;

  SqlDialect(String blobType) {
    this.blobType = blobType;
  }

  /**
   * The dialect of a JDBC URL.
   *
   * @throws IllegalArgumentException naming the URL when it is neither SQLite nor PostgreSQL
   */
  static SqlDialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "registry URL '"
            + jdbcUrl
            + "' is none of jdbc:sqlite:PATH, jdbc:postgresql://…, http(s)://host:port");
  }

  String blobType() {
    return blobType;
  }

  /**
   * Connection settings. SQLite: write-ahead log so readers never wait for a writer, and
   * transactions that take the write lock when they begin, so two concurrent applies queue instead
   * of failing with SQLITE_BUSY half-way. PostgreSQL: bounded connect and read times.
   */
  Properties connectionProperties() {
    Properties p = new Properties();
    switch (this) {
      case SQLITE -> {
        p.setProperty("journal_mode", "WAL");
        p.setProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MS));
        p.setProperty("transaction_mode", "IMMEDIATE");
        p.setProperty("foreign_keys", "true");
      }
      case POSTGRESQL -> {
        p.setProperty("connectTimeout", Integer.toString(POSTGRES_TIMEOUT_SECONDS));
        p.setProperty("socketTimeout", Integer.toString(POSTGRES_TIMEOUT_SECONDS * 3));
      }
    }
    return p;
  }
}
