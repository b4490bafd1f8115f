package dev.larder.benchmarks.load;

/** A measured lookup failed or timed out, which ends the run: a benchmark does not skip errors. */
public final class LookupFailedException extends RuntimeException {

  public LookupFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
