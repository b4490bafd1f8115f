package dev.larder.registry.validate;

import java.util.Objects;

/**
 * One problem found in a definitions file.
 *
 * @param file the file, as given to the loader
 * @param line 1-based line of the offending node, or 0 when unknown
 * @param path where in the document, e.g. {@code feature_views[0].features[2].type}
 * @param message what is wrong, naming the bad value
 */
public record DefinitionProblem(String file, int line, String path, String message) {
  public DefinitionProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return file
        + (line > 0 ? ":" + line : "")
        + ": "
        + (path.isEmpty() ? "" : path + ": ")
        + message;
  }
}
