package dev.larder.pipelines.materialize;

import dev.larder.registry.errors.LarderException;

/** A materialization could not finish; rows written before the failure stay (newest-wins). */
public final class MaterializationException extends LarderException {
  public MaterializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
