package dev.larder.pipelines.transform;

import java.util.List;

/** Encodes an entity's join-key values as one string that no other values encode to. */
public final class EntityKeys {

  private EntityKeys() {}

  /**
   * Each value as its length, {@code :}, and its text, concatenated: {@code ["a:b", "c"]} is {@code
   * 3:a:b1:c}, which cannot collide with {@code ["a", "b:c"]} ({@code 1:a3:b:c}).
   */
  public static String encode(List<?> values) {
    StringBuilder sb = new StringBuilder();
    for (Object v : values) {
      String s = String.valueOf(v);
      sb.append(s.length()).append(':').append(s);
    }
    return sb.toString();
  }
}
