package dev.larder.pipelines.transform;

import dev.larder.registry.errors.LarderException;

/**
 * A view cannot be computed from its source as defined: the source is missing, lacks a column the
 * view reads, or a function does not apply to a column's type. The message names what is wrong.
 */
public class TransformException extends LarderException {
  public TransformException(String message) {
    super(message);
  }
}
