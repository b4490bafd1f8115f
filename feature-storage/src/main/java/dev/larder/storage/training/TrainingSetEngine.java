package dev.larder.storage.training;

/**
 * Makes point-in-time-correct training sets (DESIGN §7). For every entity row and every view: the
 * view's row of the same entity with {@code t - ttl <= event_timestamp <= t} (no ttl: no lower
 * bound) that has the greatest event time, then the greatest created time; null when there is none.
 * The output keeps every entity row, in input order, with all its columns, then the features.
 *
 * <p>Thread-safe: runs may overlap.
 */
public interface TrainingSetEngine {

  /**
   * Writes the training set and its lineage sidecar.
   *
   * @throws dev.larder.registry.errors.InvalidArgumentException naming the problem when the request
   *     or the entity file is malformed: missing columns, unparseable times, colliding column
   *     names, a lineage that does not fit the request
   * @throws dev.larder.registry.errors.NotFoundException when a project, view, feature or feature
   *     service is unknown
   * @throws dev.larder.storage.offline.OfflineStoreException when a table cannot be read
   * @throws java.io.UncheckedIOException when a file cannot be read or written
   */
  TrainingSetResult run(TrainingSetRequest request);
}
