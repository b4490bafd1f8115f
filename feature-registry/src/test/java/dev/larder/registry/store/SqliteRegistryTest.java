package dev.larder.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The registry contract on SQLite, the local default: a file in a temporary folder. */
class SqliteRegistryTest extends RegistryContract {

  private int databases;

  @Override
  String newDatabaseUrl() {
    return "jdbc:sqlite:" + dir.resolve("registry-" + ++databases + "/registry.db");
  }

  @Test
  void createsTheDatabaseFileAndItsFolder() {
    assertThat(Files.isRegularFile(dir.resolve("registry-1/registry.db"))).isTrue();
  }
}
