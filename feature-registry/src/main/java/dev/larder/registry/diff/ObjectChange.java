package dev.larder.registry.diff;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an apply does to one object.
 *
 * @param version the feature view's version; 0 for other kinds
 * @param fields the fields that differ (for a created object: every field, as additions)
 * @param contentHash the {@link ContentHash} of the object after the change; empty for a deletion
 */
public record ObjectChange(
    ObjectKind kind,
    String name,
    int version,
    ChangeKind change,
    List<FieldChange> fields,
    String contentHash) {
  public ObjectChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(contentHash, "contentHash");
    fields = List.copyOf(fields);
  }

  /** The name with its version for a view ({@code customer_stats@v2}), else the name. */
  public String qualifiedName() {
    return kind == ObjectKind.FEATURE_VIEW ? name + "@v" + version : name;
  }

  /** The fields whose change needs a new version. */
  public List<FieldChange> breakingFields() {
    return change == ChangeKind.UPDATE
        ? fields.stream().filter(FieldChange::breaking).toList()
        : List.of();
  }

  @Override
  public String toString() {
    return change.name().toLowerCase(Locale.ROOT) + " " + kind.label() + " " + qualifiedName();
  }
}
