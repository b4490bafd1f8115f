package dev.larder.storage.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.larder.registry.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a training set was made from, written beside it as {@code <output>.lineage.json}: the
 * request, and per view the view version and the Delta table version read. Reading the same table
 * versions again ({@code --as-of}) reproduces the training set byte for byte.
 *
 * @param formatVersion the version of this JSON layout, {@link #FORMAT_VERSION}
 * @param project the project of the features
 * @param features the feature references as requested (empty for a feature service)
 * @param featureService the feature service requested, or null
 * @param fullFeatureNames whether columns were named {@code view__feature}
 * @param entities the entity file, as given
 * @param format the output format
 * @param views per view read, in the order of the output's columns
 */
public record TrainingSetLineage(
    int formatVersion,
    String project,
    List<String> features,
    String featureService,
    boolean fullFeatureNames,
    String entities,
    OutputFormat format,
    List<ViewRead> views) {

  public static final int FORMAT_VERSION = 1;

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  /**
   * One view version read.
   *
   * @param view the view's name
   * @param viewVersion its version ({@code view@vN})
   * @param tableVersion the version of its Delta table read; -1 when the table was never written
   * @param features the features taken from it
   */
  public record ViewRead(String view, int viewVersion, long tableVersion, List<String> features) {}

  public TrainingSetLineage {
    features = features == null ? List.of() : List.copyOf(features);
    views = List.copyOf(views);
  }

  /** The lineage as JSON, one field per line. */
  public String toJson() {
    return GSON.toJson(this) + "\n";
  }

  /** The table version read of view {@code name@vN}, or empty when this lineage has none. */
  public java.util.OptionalLong tableVersion(String name, int viewVersion) {
    for (ViewRead v : views) {
      if (v.view().equals(name) && v.viewVersion() == viewVersion) {
        return java.util.OptionalLong.of(v.tableVersion());
      }
    }
    return java.util.OptionalLong.empty();
  }

  /**
   * Reads a lineage file.
   *
   * @throws InvalidArgumentException naming the file when it cannot be read or is not a lineage
   */
  public static TrainingSetLineage read(Path file) {
    try {
      TrainingSetLineage lineage =
          GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), TrainingSetLineage.class);
      if (lineage == null || lineage.views() == null) {
        throw new JsonParseException("no views");
      }
      if (lineage.formatVersion() != FORMAT_VERSION) {
        throw new InvalidArgumentException(
            "as-of: "
                + file
                + " has lineage format version "
                + lineage.formatVersion()
                + "; this Larder reads version "
                + FORMAT_VERSION);
      }
      return lineage;
    } catch (IOException | JsonParseException e) {
      throw new InvalidArgumentException(
          "as-of: " + file + " is not a readable training-set lineage: " + e.getMessage());
    }
  }
}
