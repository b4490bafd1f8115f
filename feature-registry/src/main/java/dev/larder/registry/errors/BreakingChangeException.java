package dev.larder.registry.errors;

import java.util.List;

/**
 * An apply was refused because it changes fields of a feature view that need a new version; the
 * message names every such field of every view.
 */
public class BreakingChangeException extends LarderException {
  private final List<String> fields;

  /**
   * @param fields one line per breaking field, e.g. {@code customer_stats@v1
   *     features.order_count.type: INT32 -> INT64}
   */
  public BreakingChangeException(List<String> fields) {
    super(
        "breaking changes need a new version of the feature view (raise `version:`); "
            + fields.size()
            + (fields.size() == 1 ? " breaking field" : " breaking fields")
            + ":\n  "
            + String.join("\n  ", fields));
    this.fields = List.copyOf(fields);
  }

  public List<String> fields() {
    return fields;
  }
}
