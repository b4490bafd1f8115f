package dev.larder.registry.diff;

/** The kinds of definitions the registry versions. */
public enum ObjectKind {
  ENTITY("entity"),
  SOURCE("source"),
  FEATURE_VIEW("feature view"),
  FEATURE_SERVICE("feature service");

  private final String label;

  ObjectKind(String label) {
    this.label = label;
  }

  /** How the kind is named in messages and command output, e.g. {@code feature view}. */
  public String label() {
    return label;
  }
}
