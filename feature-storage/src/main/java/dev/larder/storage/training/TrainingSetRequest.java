package dev.larder.storage.training;

import dev.larder.registry.errors.InvalidArgumentException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a training set is made of: the entity file, the features (a list of references or a feature
 * service), where to write it and how.
 *
 * @param project the project of the features; null or empty for the only one
 * @param entities the entity file (Parquet or CSV): join keys, {@code event_timestamp}, labels
 * @param features feature references {@code view:feature} or {@code view@vN:feature}; empty when
 *     {@code featureService} is given
 * @param featureService the name of a feature service; null when {@code features} are given
 * @param output the file to write; its lineage goes to {@code output + ".lineage.json"}
 * @param format the output's format
 * @param fullFeatureNames name feature columns {@code view__feature} instead of {@code feature}
 * @param asOf a lineage file of an earlier training set: read exactly the table versions it records
 *     (the request's features must resolve to the same view versions); null to read the newest
 * @throws InvalidArgumentException when neither or both of {@code features} and {@code
 *     featureService} are given, or a path is missing
 */
public record TrainingSetRequest(
    String project,
    Path entities,
    List<String> features,
    String featureService,
    Path output,
    OutputFormat format,
    boolean fullFeatureNames,
    Path asOf) {

  public TrainingSetRequest {
    features = features == null ? List.of() : List.copyOf(features);
    boolean hasService = featureService != null && !featureService.isBlank();
    if (features.isEmpty() == !hasService) {
      throw new InvalidArgumentException(
          "features: give either feature references or a feature service, not "
              + (hasService ? "both" : "neither"));
    }
    if (entities == null) {
      throw new InvalidArgumentException("entities: the entity file is missing");
    }
    if (output == null) {
      throw new InvalidArgumentException("output: the output file is missing");
    }
    format = format == null ? OutputFormat.of(output) : format;
    featureService = hasService ? featureService : null;
  }

  /** A request for features by reference, written in the format the output's name implies. */
  public static TrainingSetRequest of(Path entities, List<String> features, Path output) {
    return new TrainingSetRequest(null, entities, features, null, output, null, false, null);
  }

  public TrainingSetRequest withFullFeatureNames(boolean full) {
    return new TrainingSetRequest(
        project, entities, features, featureService, output, format, full, asOf);
  }

  public TrainingSetRequest withAsOf(Path lineage) {
    return new TrainingSetRequest(
        project, entities, features, featureService, output, format, fullFeatureNames, lineage);
  }

  public TrainingSetRequest withOutput(Path file, OutputFormat fileFormat) {
    return new TrainingSetRequest(
        project, entities, features, featureService, file, fileFormat, fullFeatureNames, asOf);
  }

  /** Where the lineage of the output goes. */
  public Path lineageFile() {
    return Objects.requireNonNull(output).resolveSibling(output.getFileName() + ".lineage.json");
  }
}
