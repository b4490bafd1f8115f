package dev.larder.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void loadsSqliteNativeLibraryFromTheCacheFolder() throws Exception {
    Path maps = Path.of("/proc/self/maps");
    assumeTrue(Files.isReadable(maps), "needs /proc/self/maps to see the loaded libraries");

    Path cached = SqliteNativeLibrary.install(SqliteNativeLibrary.cacheRoot());

    assertThat(System.getProperty("org.sqlite.lib.path")).isEqualTo(cached.getParent().toString());
    assertThat(Files.readString(maps)).contains(cached.toString());
  }
}
