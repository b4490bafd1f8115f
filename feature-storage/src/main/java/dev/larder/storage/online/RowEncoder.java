package dev.larder.storage.online;

/** Checks rows of one view version and encodes them for one online store. Thread-safe. */
@FunctionalInterface
public interface RowEncoder {

  /**
   * @param index the row's position in what the caller writes, to name it in an error
   * @throws dev.larder.registry.errors.InvalidArgumentException when the row does not fit the view
   *     (wrong number of values, a value of the wrong type, a join key missing or mistyped)
   */
  EncodedRow encode(EntityRow row, long index);
}
