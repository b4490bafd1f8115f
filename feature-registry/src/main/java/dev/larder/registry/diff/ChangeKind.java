package dev.larder.registry.diff;

/** What an apply does to one registered object. */
public enum ChangeKind {
  /** A new object, or a new version of a feature view. */
  CREATE,
  /** A new revision of the same object (and the same version, for a view). */
  UPDATE,
  /** The object leaves the registry's current definitions; its history stays. */
  DELETE
}
