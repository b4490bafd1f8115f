package dev.larder.pipelines.batch;

import dev.larder.registry.errors.LarderException;

/**
 * A backfill job failed. Its commit either happened whole or not at all, so running the backfill
 * again is safe. The message says why in one line.
 */
public class BackfillFailedException extends LarderException {
  public BackfillFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  static BackfillFailedException of(BackfillRequest request, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int nl = why.indexOf('\n');
    return new BackfillFailedException(
        "backfill of "
            + request.view().qualifiedName()
            + " failed: "
            + (nl < 0 ? why : why.substring(0, nl)),
        e);
  }
}
