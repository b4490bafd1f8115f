package dev.larder.pipelines.transform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the common shape of an event, a flat JSON object of strings without escapes, numbers,
 * booleans and nulls, into the raw cells {@link JsonCells} gives for it, without building a JSON
 * tree (which costs a streamed event more than the rest of its parsing, and a 2 KiB buffer).
 * Anything else — escapes, arrays, nested objects, text that is not strict JSON — is left to the
 * general parser, so that both accept and reject the same text and give the same cells. Stateless
 * and thread-safe.
 */
final class FlatJsonObjects {

  private FlatJsonObjects() {}

  /**
   * The cells of {@code json} when it is a flat JSON object as above: column name to a value's text
   * as written (a string's content), or null for a JSON null; a repeated name keeps its last value,
   * in the place of its first. Returns null for any other text.
   */
  static Map<String, Object> read(String json) {
    return new Reader(json).object();
  }

  /** A cursor over one text; every method returns null or false where the shape ends. */
  private static final class Reader {
    private final String s;
    private final int n;
    private int i;

    Reader(String s) {
      this.s = s;
      this.n = s.length();
    }

    Map<String, Object> object() {
      skipWhitespace();
      if (!consume('{')) {
        return null;
      }
      Map<String, Object> cells = new LinkedHashMap<>();
      skipWhitespace();
      if (!consume('}')) {
        do {
          skipWhitespace();
          String name = string();
          if (name == null) {
            return null;
          }
          skipWhitespace();
          if (!consume(':')) {
            return null;
          }
          skipWhitespace();
          int before = i;
          Object value = value();
          if (i == before) {
            return null;
          }
          cells.put(name, value);
          skipWhitespace();
        } while (consume(','));
        if (!consume('}')) {
          return null;
        }
      }
      skipWhitespace();
      return i == n ? cells : null;
    }

    /** A scalar's text, or null for JSON null; leaves the cursor in place when there is none. */
    private Object value() {
      if (i >= n) {
        return null;
      }
      char c = s.charAt(i);
      if (c == '"') {
        int start = i;
        String text = string();
        if (text == null) {
          i = start;
        }
        return text;
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        int start = i;
        if (!number()) {
          i = start;
          return null;
        }
        return s.substring(start, i);
      }
      for (String literal : LITERALS) {
        if (s.startsWith(literal, i) && !literalContinues(i + literal.length())) {
          i += literal.length();
          return literal.equals("null") ? null : literal;
        }
      }
      return null;
    }

    private static final String[] LITERALS = {"true", "false", "null"};

    /** Whether a literal ending at {@code end} runs on into more of a word (not strict JSON). */
    private boolean literalContinues(int end) {
      if (end >= n) {
        return false;
      }
      char c = s.charAt(end);
      return !(c == ',' || c == '}' || isWhitespace(c));
    }

    /** A string without escapes or control characters: its content, or null. */
    private String string() {
      if (!consume('"')) {
        return null;
      }
      int start = i;
      while (i < n) {
        char c = s.charAt(i);
        if (c == '"') {
          return s.substring(start, i++);
        }
        if (c == '\\' || c < 0x20) {
          return null;
        }
        i++;
      }
      return null;
    }

    /**
     * A number by JSON's grammar, {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, followed
     * by a separator (the general parser keeps such a number's text as written).
     */
    private boolean number() {
      consume('-');
      // After a leading 0 a digit is not JSON: the check for a separator at the end refuses it.
      if (!consume('0') && !digits()) {
        return false;
      }
      if (consume('.') && !digits()) {
        return false;
      }
      if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        i++;
        if (!consume('+')) {
          consume('-');
        }
        if (!digits()) {
          return false;
        }
      }
      return !literalContinues(i);
    }

    /** One or more ASCII digits. */
    private boolean digits() {
      int start = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      return i > start;
    }

    private boolean consume(char c) {
      if (i < n && s.charAt(i) == c) {
        i++;
        return true;
      }
      return false;
    }

    private void skipWhitespace() {
      while (i < n && isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private static boolean isWhitespace(char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
  }
}
