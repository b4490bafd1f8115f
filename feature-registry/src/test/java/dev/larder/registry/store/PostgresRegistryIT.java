package dev.larder.registry.store;

import dev.larder.testing.PostgresServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry contract on a real PostgreSQL: each test gets a database of its own. */
class PostgresRegistryIT extends RegistryContract {

  @RegisterExtension static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

  @Override
  String newDatabaseUrl() {
    return POSTGRES.freshDatabase();
  }
}
