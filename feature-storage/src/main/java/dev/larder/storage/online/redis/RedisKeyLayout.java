package dev.larder.storage.online.redis;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.errors.InvalidEntityKeyException;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.ValueTypes;
import dev.larder.storage.online.RowKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Redis key of an online row: {@code {project}:{view}:v{N}:{entity}} in UTF-8 (DESIGN §4).
 *
 * <p>{@code {entity}} is the join-key values in declared order, joined by {@code :}; strings are
 * percent-escaped ({@code %} as {@code %25}, {@code :} as {@code %3A}) so no value can contain the
 * separator, integers are written in decimal. Project and view names are escaped the same way. The
 * encoding is injective for a given view: distinct entities give distinct keys. Unpaired surrogates
 * in strings are kept distinct (encoded as their 3-byte form, as in WTF-8) rather than replaced, so
 * injectivity holds for every Java string.
 *
 * <p>Serving hot path (thousands of keys per request): the per-view prefix is computed once, and a
 * key is written straight into one byte array of the exact size. Thread-safe.
 */
final class RedisKeyLayout {

  private static final byte SEPARATOR = ':';
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /**
   * What a prefix depends on: registry reloads (new view objects) reuse prefixes, the map stays
   * small.
   */
  private record ViewVersion(String project, String name, int version) {}

  private final ConcurrentHashMap<ViewVersion, byte[]> prefixes = new ConcurrentHashMap<>();

  /**
   * The key of a row.
   *
   * @throws InvalidEntityKeyException if the entity has not one value per join key, or a value is
   *     null or not of its join key's type (an INT32 value is accepted for an INT64 join key)
   */
  byte[] key(RowKey key) {
    return key(key.view(), prefix(key.view()), key.entity());
  }

  /** The key of an entity's row in a view; throws as {@link #key(RowKey)}. */
  byte[] key(FeatureView view, List<Value> entity) {
    return key(view, prefix(view), entity);
  }

  /** {@code {project}:{view}:v{N}:} of a view, shared: callers must not modify it. */
  byte[] prefix(FeatureView view) {
    ViewVersion id = new ViewVersion(view.project(), view.name(), view.version());
    byte[] prefix = prefixes.get(id);
    return prefix != null ? prefix : prefixes.computeIfAbsent(id, RedisKeyLayout::buildPrefix);
  }

  /** The key of an entity given the view's {@link #prefix(FeatureView)}. */
  byte[] key(FeatureView view, byte[] prefix, List<Value> entity) {
    List<JoinKey> joinKeys = view.joinKeys();
    int n = joinKeys.size();
    if (entity.size() != n) {
      throw new InvalidEntityKeyException(
          "feature view "
              + view.project()
              + ":"
              + view.qualifiedName()
              + " has "
              + n
              + " join keys "
              + joinKeys.stream().map(JoinKey::name).toList()
              + " but the entity has "
              + entity.size()
              + " values");
    }
    int length = prefix.length + Math.max(0, n - 1);
    for (int i = 0; i < n; i++) {
      Value value = entity.get(i);
      check(view, joinKeys.get(i), value);
      length +=
          value.hasStringVal()
              ? escapedLength(value.getStringVal())
              : decimalLength(integer(value));
    }
    byte[] out = Arrays.copyOf(prefix, length);
    int pos = prefix.length;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out[pos++] = SEPARATOR;
      }
      Value value = entity.get(i);
      pos =
          value.hasStringVal()
              ? writeEscaped(value.getStringVal(), out, pos)
              : writeDecimal(integer(value), out, pos);
    }
    return out;
  }

  private static void check(FeatureView view, JoinKey joinKey, Value value) {
    if (ValueTypes.isJoinKeyType(joinKey.type()) && ValueTypes.holds(value, joinKey.type())) {
      return;
    }
    String where =
        "join key "
            + joinKey.name()
            + " of feature view "
            + view.project()
            + ":"
            + view.qualifiedName();
    if (!ValueTypes.isJoinKeyType(joinKey.type())) {
      throw new InvalidEntityKeyException(
          where + " has type " + joinKey.type() + "; join keys must be STRING, INT32 or INT64");
    }
    throw new InvalidEntityKeyException(
        where + " expects " + joinKey.type() + ", got " + ValueTypes.nameOf(value));
  }

  private static long integer(Value value) {
    return value.hasInt64Val() ? value.getInt64Val() : value.getInt32Val();
  }

  private static byte[] buildPrefix(ViewVersion id) {
    String version = Integer.toString(id.version());
    int length = escapedLength(id.project()) + escapedLength(id.name()) + version.length() + 4;
    byte[] out = new byte[length];
    int pos = writeEscaped(id.project(), out, 0);
    out[pos++] = SEPARATOR;
    pos = writeEscaped(id.name(), out, pos);
    out[pos++] = SEPARATOR;
    out[pos++] = 'v';
    for (int i = 0; i < version.length(); i++) {
      out[pos++] = (byte) version.charAt(i);
    }
    out[pos] = SEPARATOR;
    return out;
  }

  static int escapedLength(String s) {
    int length = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        length += c == '%' || c == ':' ? 3 : 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }

  static int writeEscaped(String s, byte[] out, int pos) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '%' || c == ':') {
          out[pos++] = '%';
          out[pos++] = HEX[c >> 4];
          out[pos++] = HEX[c & 0xF];
        } else {
          out[pos++] = (byte) c;
        }
      } else if (c < 0x800) {
        out[pos++] = (byte) (0xC0 | (c >> 6));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[pos++] = (byte) (0xF0 | (cp >> 18));
        out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[pos++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        out[pos++] = (byte) (0xE0 | (c >> 12));
        out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return pos;
  }

  static int decimalLength(long v) {
    int length = v < 0 ? 2 : 1;
    for (long q = v / 10; q != 0; q /= 10) {
      length++;
    }
    return length;
  }

  /** Writes {@code v} in decimal; works on the negative value so that Long.MIN_VALUE is exact. */
  static int writeDecimal(long v, byte[] out, int pos) {
    int end = pos + decimalLength(v);
    long q = v < 0 ? v : -v;
    int i = end;
    do {
      out[--i] = (byte) ('0' - (q % 10));
      q /= 10;
    } while (q != 0);
    if (v < 0) {
      out[pos] = '-';
    }
    return end;
  }
}
