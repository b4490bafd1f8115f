package dev.larder.storage.training;

import java.nio.file.Path;

/**
 * A written training set.
 *
 * @param output the training set's file
 * @param lineageFile the lineage sidecar beside it
 * @param rows how many rows it has (as many as the entity file)
 * @param lineage what was read to make it
 * @param elapsedNanos how long the whole run took, reading to writing
 */
public record TrainingSetResult(
    Path output, Path lineageFile, long rows, TrainingSetLineage lineage, long elapsedNanos) {}
