package dev.larder.pipelines.source;

import dev.larder.pipelines.transform.TransformException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the files of a source's batch location on the local file system. */
public final class SourceFiles {

  private SourceFiles() {}

  /**
   * The file itself, or the regular files under a directory (recursively), sorted by path, skipping
   * hidden files and those whose name starts with {@code _} (Spark and Delta markers).
   *
   * @throws TransformException naming the path when it does not exist
   */
  public static List<Path> list(Path location) {
    if (Files.isRegularFile(location)) {
      return List.of(location);
    }
    if (!Files.isDirectory(location)) {
      throw new TransformException("batch source path " + location + " does not exist");
    }
    try (Stream<Path> s = Files.walk(location)) {
      return s.filter(Files::isRegularFile)
          .filter(
              p ->
                  !p.getFileName().toString().startsWith(".")
                      && !p.getFileName().toString().startsWith("_"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + location, e);
    }
  }
}
