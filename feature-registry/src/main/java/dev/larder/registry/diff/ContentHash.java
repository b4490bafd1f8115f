package dev.larder.registry.diff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** SHA-256 of a definition's content, as lowercase hex: equal content, equal hash. */
public final class ContentHash {

  private ContentHash() {}

  /** Hashes flattened fields in their order; the order is part of the content. */
  static String of(Map<String, String> fields) {
    StringBuilder text = new StringBuilder();
    fields.forEach((path, value) -> text.append(path).append('=').append(value).append('\n'));
    return of(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Hashes bytes, e.g. a serialized project. */
  public static String of(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
