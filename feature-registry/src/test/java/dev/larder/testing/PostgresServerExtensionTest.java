package dev.larder.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresServerExtensionTest {

  @Test
  void replacesTheDatabaseOfAUrlAndKeepsItsParameters() {
    assertThat(PostgresServerExtension.withDatabase("jdbc:postgresql://h:5432/a?user=u", "b"))
        .isEqualTo("jdbc:postgresql://h:5432/b?user=u");
    assertThat(PostgresServerExtension.withDatabase("jdbc:postgresql://h1,h2:6543/", "b"))
        .isEqualTo("jdbc:postgresql://h1,h2:6543/b");
    assertThat(PostgresServerExtension.withDatabase("jdbc:postgresql://h?ssl=true&x=a/b", "c"))
        .isEqualTo("jdbc:postgresql://h/c?ssl=true&x=a/b");
  }

  @Test
  void rejectsAUrlThatIsNotPostgres() {
    assertThatThrownBy(() -> PostgresServerExtension.withDatabase("postgres://h/db", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PostgresServerExtension.URL_ENV);
  }
}
