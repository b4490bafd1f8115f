package dev.larder.pipelines.training;

import dev.larder.registry.errors.LarderException;

/** The Flink job of a training set failed; the cause says why. */
public class TrainingSetJobException extends LarderException {
  public TrainingSetJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
