package dev.larder.storage.offline;

import java.util.Objects;

/**
 * Identifies a write so that retrying it is a no-op: a table records, per application id, the
 * highest version committed, and a write whose version is not above it changes nothing.
 *
 * @param appId the writer: a streaming job's id, or a batch run's unique id
 * @param version increases with every commit of that writer: a checkpoint id, or 1 for a batch run
 */
public record TransactionId(String appId, long version) {
  public TransactionId {
    Objects.requireNonNull(appId, "appId");
    if (appId.isBlank()) {
      throw new IllegalArgumentException("appId must not be blank");
    }
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, was " + version);
    }
  }
}
