package dev.larder.registry;

import dev.larder.registry.diff.ChangeKind;
import dev.larder.registry.diff.ObjectKind;
import java.time.Instant;
import java.util.List;

/**
 * One revision of one object in the registry's history.
 *
 * @param version the feature view's version; 0 for other kinds
 * @param revision the object's revision, counted from 1 per object (and per version of a view)
 * @param projectRevision the project revision that made it
 * @param contentHash SHA-256 of the object's content after the change; empty for a deletion
 * @param diff one line per changed field, e.g. {@code ttl: 1h -> 2h}
 */
public record RevisionRecord(
    String project,
    ObjectKind kind,
    String name,
    int version,
    int revision,
    long projectRevision,
    ChangeKind change,
    String contentHash,
    List<String> diff,
    String appliedBy,
    Instant appliedAt) {
  public RevisionRecord {
    diff = List.copyOf(diff);
  }
}
