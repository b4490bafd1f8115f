package dev.larder.storage.online.redis;

/** A stored row could not be decoded: unknown format version, truncated or malformed bytes. */
final class RowFormatException extends RuntimeException {

  RowFormatException(String message) {
    super(message);
  }

  RowFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
