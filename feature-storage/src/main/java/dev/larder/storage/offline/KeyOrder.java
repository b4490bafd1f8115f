package dev.larder.storage.offline;

import dev.larder.proto.types.v1.Value;

/**
 * The order of join-key values in file statistics: integers by value, strings by code point (the
 * byte order of UTF-8, which Spark, Trino and DuckDB use), so that our bounds mean the same to
 * every reader. Values of one join key always have one kind.
 */
public final class KeyOrder {

  private KeyOrder() {}

  /**
   * Compares two values of one join key: negative, zero or positive as {@code a} is smaller, equal
   * or greater.
   */
  public static int compare(Value a, Value b) {
    return switch (a.getKindCase()) {
      case STRING_VAL -> compareCodePoints(a.getStringVal(), b.getStringVal());
      case INT32_VAL -> Integer.compare(a.getInt32Val(), b.getInt32Val());
      case INT64_VAL -> Long.compare(a.getInt64Val(), b.getInt64Val());
      default -> throw new IllegalArgumentException("not a join-key value: " + a);
    };
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
