package dev.larder.registry.diff;

import java.util.Objects;

/**
 * One field that differs between two revisions of an object.
 *
 * @param path the field, e.g. {@code features.order_count_7d.type}
 * @param before its value before, or null when the field is new
 * @param after its value after, or null when the field is gone
 * @param breaking whether the change needs a new version of the view (DESIGN §3)
 */
public record FieldChange(String path, String before, String after, boolean breaking) {
  public FieldChange {
    Objects.requireNonNull(path, "path");
  }

  @Override
  public String toString() {
    if (before == null) {
      return path + ": + " + after;
    }
    if (after == null) {
      return path + ": - " + before;
    }
    return path + ": " + before + " -> " + after;
  }
}
