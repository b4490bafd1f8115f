package dev.larder.registry.load;

import dev.larder.registry.validate.DefinitionProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A node of a definitions file together with where it is: the file, its path in the document
 * ({@code feature_views[0].features[2].type}) and its line, so that any problem found in it, now or
 * in a later cross-file check, can name its place.
 */
final class YamlNode {

  private final String file;
  private final String path;
  private final Node node;

  private YamlNode(String file, String path, Node node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  static YamlNode root(String file, Node node) {
    return new YamlNode(file, "", node);
  }

  String file() {
    return file;
  }

  String path() {
    return path;
  }

  /** 1-based line where the node starts. */
  int line() {
    return node.getStartMark().getLine() + 1;
  }

  /** 0-based column where the node starts. */
  int column() {
    return node.getStartMark().getColumn();
  }

  /** A problem located at this node. */
  DefinitionProblem problem(String message) {
    return new DefinitionProblem(file, line(), path, message);
  }

  boolean isNull() {
    return node.getNodeId() == NodeId.scalar && Tag.NULL.equals(node.getTag());
  }

  boolean isScalar() {
    return node.getNodeId() == NodeId.scalar && !isNull();
  }

  boolean isSequence() {
    return node.getNodeId() == NodeId.sequence;
  }

  boolean isMapping() {
    return node.getNodeId() == NodeId.mapping;
  }

  /** How the node reads in a message: "a list", "a mapping", "a value" or "null". */
  String kind() {
    if (isNull()) {
      return "null";
    }
    return switch (node.getNodeId()) {
      case sequence -> "a list";
      case mapping -> "a mapping";
      default -> "the value '" + text() + "'";
    };
  }

  /** The resolved YAML tag of a scalar: {@link Tag#INT}, {@link Tag#STR}, ... */
  Tag tag() {
    return node.getTag();
  }

  /** The text of a scalar; only for scalars. */
  String text() {
    return ((ScalarNode) node).getValue();
  }

  /** The items of a sequence, each with its index in the path; only for sequences. */
  List<YamlNode> items() {
    List<Node> values = ((SequenceNode) node).getValue();
    List<YamlNode> items = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      items.add(new YamlNode(file, path + "[" + i + "]", values.get(i)));
    }
    return items;
  }

  /**
   * The entries of a mapping in document order, each value with its key in the path; only for
   * mappings. A key that is not a scalar keeps its position but reads as an empty name.
   */
  List<Entry> entries() {
    List<NodeTuple> tuples = ((MappingNode) node).getValue();
    List<Entry> entries = new ArrayList<>(tuples.size());
    for (NodeTuple t : tuples) {
      Node k = t.getKeyNode();
      String key = k instanceof ScalarNode s ? s.getValue() : "";
      String childPath = path.isEmpty() ? key : path + "." + key;
      entries.add(
          new Entry(
              key,
              new YamlNode(file, childPath, k),
              new YamlNode(file, childPath, t.getValueNode())));
    }
    return entries;
  }

  /** The value of a key of a mapping, if this is a mapping that has it. */
  Optional<YamlNode> get(String key) {
    if (!isMapping()) {
      return Optional.empty();
    }
    return entries().stream().filter(e -> e.key().equals(key)).map(Entry::value).findFirst();
  }

  /**
   * Where a problem about a key of this mapping belongs: its value when present, else the mapping
   * itself (a missing key is reported where it should have been).
   */
  YamlNode at(String key) {
    return get(key).orElse(this);
  }

  /** One key and value of a mapping; the key node locates problems about the key itself. */
  record Entry(String key, YamlNode keyNode, YamlNode value) {}
}
