package dev.larder.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.larder.registry.errors.InvalidDefinitionException;
import dev.larder.registry.load.DefinitionLoader;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.Project;
import dev.larder.registry.validate.DefinitionProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes definitions files for a test, loads them, and asserts on the problems found. */
public final class DefinitionFiles {

  /**
   * A project with one entity and one source, to which a test appends {@code feature_views:} or
   * {@code feature_services:}; its last line is line 13.
   */
  public static final String BASE =
      """
      project: shop
      entities:
        - name: customer
          join_keys: [{name: customer_id, type: STRING}]
      sources:
        - name: orders
          timestamp_field: event_time
          id_field: order_id
          schema:
            {order_id: STRING, customer_id: STRING, restaurant_id: STRING, order_value: DOUBLE,
             items: INT32, tags: LIST<STRING>, event_time: TIMESTAMP}
          stream: {kafka_topic: orders, format: json, max_out_of_orderness: 5s}
          batch: {path: data/orders/, format: parquet}
      """;

  private final Path dir;

  public DefinitionFiles(Path dir) {
    this.dir = dir;
  }

  /** Writes a file (folders created) under the test's folder and returns its path. */
  public Path write(String name, String yaml) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the files and loads the test's folder. */
  public FeatureCatalog load(Map<String, String> files) {
    files.forEach(this::write);
    return new DefinitionLoader().load(dir);
  }

  /** Writes one file, {@code defs.yaml}, loads it and returns its only project. */
  public Project project(String yaml) {
    return new DefinitionLoader().load(write("defs.yaml", yaml)).project("");
  }

  /** Writes one file, {@code defs.yaml}, and returns the problems loading it finds. */
  public List<DefinitionProblem> problems(String yaml) {
    return problems(Map.of("defs.yaml", yaml));
  }

  /** Writes the files and returns the problems loading the folder finds; fails if none. */
  public List<DefinitionProblem> problems(Map<String, String> files) {
    files.forEach(this::write);
    InvalidDefinitionException e =
        catchThrowableOfType(
            InvalidDefinitionException.class, () -> new DefinitionLoader().load(dir));
    assertThat(e).as("loading should have failed").isNotNull();
    return e.problems();
  }

  /** The path of a file under this folder, as problems name it. */
  public String file(String name) {
    return dir.resolve(name).toString();
  }

  /** Asserts there is exactly one problem, at this line and path, whose message has the text. */
  public static void assertOnlyProblem(
      List<DefinitionProblem> problems, int line, String path, String messagePart) {
    assertThat(problems).hasSize(1);
    DefinitionProblem p = problems.get(0);
    assertThat(p.line()).as("line of %s", p).isEqualTo(line);
    assertThat(p.path()).as("path of %s", p).isEqualTo(path);
    assertThat(p.message()).contains(messagePart);
  }

  /** A folder of the test resources. */
  public static Path resource(String name) {
    try {
      return Path.of(DefinitionFiles.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
