package dev.larder.registry.load;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.load.Declarations.Ref;
import dev.larder.registry.model.Durations;
import dev.larder.registry.model.ValueTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the keys of one YAML mapping of a definitions file. Every problem (an unknown, missing,
 * repeated or mistyped key, a bad value) is added to the load's {@link Problems}; readers return
 * null (or an empty list) for a value they could not read, so parsing goes on and finds the rest.
 */
final class Fields {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final YamlNode node;
  private final Problems problems;
  private final Map<String, YamlNode> values = new LinkedHashMap<>();

  private Fields(YamlNode node, Problems problems, List<String> keys) {
    this.node = node;
    this.problems = problems;
    for (YamlNode.Entry e : node.entries()) {
      if (!keys.contains(e.key())) {
        problems.add(e.keyNode(), unknownKey(e.key(), keys));
      } else if (values.putIfAbsent(e.key(), e.value()) != null) {
        problems.add(e.keyNode(), "key '" + e.key() + "' is given twice");
      }
    }
  }

  /**
   * Reads a node as a mapping that may hold the given keys.
   *
   * @param what how the node reads in a message, e.g. "a feature"
   * @return the fields, or null when the node is not a mapping (reported)
   */
  static Fields of(YamlNode node, String what, Problems problems, List<String> keys) {
    if (!node.isMapping()) {
      problems.add(node, what + " must be a mapping, found " + node.kind());
      return null;
    }
    return new Fields(node, problems, keys);
  }

  YamlNode node() {
    return node;
  }

  /** The value of a key; empty when the key is absent or null. */
  Optional<YamlNode> value(String key) {
    return Optional.ofNullable(values.get(key)).filter(v -> !v.isNull());
  }

  /** The value of a key that must be there; reports it missing. */
  Optional<YamlNode> required(String key) {
    Optional<YamlNode> v = value(key);
    if (v.isEmpty()) {
      problems.add(node, "missing required key '" + key + "'");
    }
    return v;
  }

  /** A scalar's text, or null when absent (reported if required) or not a scalar. */
  String string(String key, boolean required) {
    return (required ? required(key) : value(key)).map(this::scalar).orElse(null);
  }

  /** A required name: reported when it is not an identifier, but returned as written. */
  String name(String key) {
    return required(key).map(this::identifier).orElse(null);
  }

  /** An optional integer, or null. */
  Integer integer(String key) {
    return value(key).map(this::integer).orElse(null);
  }

  /**
   * An optional duration such as {@code 5s}, or null.
   *
   * @param zeroAllowed whether {@code 0s} is a valid value; negative values never are
   */
  Duration duration(String key, boolean zeroAllowed) {
    return value(key).map(v -> duration(v, zeroAllowed)).orElse(null);
  }

  /**
   * A required type; {@link ValueType#VALUE_TYPE_UNSPECIFIED} when absent or unknown (reported).
   */
  ValueType type(String key) {
    return required(key).map(this::type).orElse(ValueType.VALUE_TYPE_UNSPECIFIED);
  }

  /** The items of a list; empty when absent (reported if required) or not a list (reported). */
  List<YamlNode> list(String key, boolean required) {
    Optional<YamlNode> v = required ? required(key) : value(key);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!v.get().isSequence()) {
      problems.add(v.get(), "'" + key + "' must be a list, found " + v.get().kind());
      return List.of();
    }
    return v.get().items();
  }

  /**
   * The items of a required list that must hold at least one item; empty when absent, not a list or
   * empty (each reported, an empty list with {@code whenEmpty}).
   */
  List<YamlNode> nonEmptyList(String key, String whenEmpty) {
    List<YamlNode> items = list(key, true);
    if (items.isEmpty() && value(key).filter(YamlNode::isSequence).isPresent()) {
      problems.add(node.at(key), whenEmpty);
    }
    return items;
  }

  /**
   * Reads list items as mappings with the given keys. Items that are not mappings are reported and
   * left out, and so are items for which {@code read} returns null.
   *
   * @param what how an item reads in a message, e.g. "a feature"
   */
  <T> List<T> each(List<YamlNode> items, String what, List<String> keys, Function<Fields, T> read) {
    List<T> out = new ArrayList<>();
    for (YamlNode item : items) {
      Fields f = of(item, what, problems, keys);
      T value = f == null ? null : read.apply(f);
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }

  /** A required, non-empty list of names, each with its node. */
  List<Ref> names(String key, String whenEmpty) {
    List<Ref> refs = new ArrayList<>();
    for (YamlNode item : nonEmptyList(key, whenEmpty)) {
      String name = identifier(item);
      if (name != null) {
        refs.add(new Ref(name, item));
      }
    }
    return refs;
  }

  /** The entries of an optional mapping; empty when absent or not a mapping (reported). */
  List<YamlNode.Entry> entries(String key) {
    Optional<YamlNode> v = value(key);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!v.get().isMapping()) {
      problems.add(v.get(), "'" + key + "' must be a mapping, found " + v.get().kind());
      return List.of();
    }
    return v.get().entries();
  }

  /** An optional mapping of names to scalar values, as text (tags, for instance). */
  Map<String, String> stringMap(String key) {
    Map<String, String> map = new LinkedHashMap<>();
    for (YamlNode.Entry e : entries(key)) {
      String text = e.value().isNull() ? "" : scalar(e.value());
      if (text != null && map.putIfAbsent(e.key(), text) != null) {
        problems.add(e.keyNode(), "key '" + e.key() + "' is given twice");
      }
    }
    return map;
  }

  String scalar(YamlNode v) {
    if (!v.isScalar()) {
      problems.add(v, "expected a single value, found " + v.kind());
      return null;
    }
    return v.text();
  }

  String identifier(YamlNode v) {
    String text = scalar(v);
    if (text != null && !IDENTIFIER.matcher(text).matches()) {
      problems.add(
          v,
          "'"
              + text
              + "' is not a valid name: use letters, digits and '_', not starting with"
              + " a digit");
    }
    return text;
  }

  ValueType type(YamlNode v) {
    String text = scalar(v);
    if (text == null) {
      return ValueType.VALUE_TYPE_UNSPECIFIED;
    }
    Optional<ValueType> type = ValueTypes.parse(text);
    if (type.isEmpty()) {
      problems.add(v, "unknown type '" + text + "' (types: " + ValueTypes.allNames() + ")");
      return ValueType.VALUE_TYPE_UNSPECIFIED;
    }
    return type.get();
  }

  private Integer integer(YamlNode v) {
    String text = scalar(v);
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      problems.add(v, "'" + text + "' is not a whole number");
      return null;
    }
  }

  private Duration duration(YamlNode v, boolean zeroAllowed) {
    String text = scalar(v);
    if (text == null) {
      return null;
    }
    try {
      Duration d = Durations.parse(text);
      if (d.isZero() && !zeroAllowed) {
        problems.add(v, "duration must be positive, was '" + text + "'");
        return null;
      }
      return d;
    } catch (IllegalArgumentException e) {
      problems.add(v, e.getMessage());
      return null;
    }
  }

  private static String unknownKey(String key, List<String> keys) {
    String known = String.join(", ", keys);
    String closest = null;
    int best = 3;
    for (String k : keys) {
      int d = editDistance(k, key);
      if (d < best) {
        best = d;
        closest = k;
      }
    }
    return "unknown key '"
        + key
        + "' ("
        + (closest == null ? "" : "did you mean '" + closest + "'? ")
        + "keys: "
        + known
        + ")";
  }

  /** Levenshtein distance, for suggesting the key a typo meant. */
  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
