package dev.larder.benchmarks.load;

/** An answer of a measured target is not what the benchmark loaded: the figures are void. */
public final class VerificationException extends RuntimeException {

  public VerificationException(String message) {
    super(message);
  }
}
