package dev.larder.registry.diff;

import dev.larder.registry.errors.BreakingChangeException;
import dev.larder.registry.model.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What applying a folder of definitions to one project would do.
 *
 * @param baseRevision the project revision the plan was made against; 0 for a new project. An apply
 *     succeeds only while the project is still at this revision.
 * @param changes every object created, updated or deleted, in kind order
 * @param kept registered objects the folder does not mention, kept as they are (described, e.g.
 *     {@code feature view customer_stats@v1})
 * @param result the project's definitions after the apply
 */
public record ChangePlan(
    String project,
    long baseRevision,
    List<ObjectChange> changes,
    List<String> kept,
    Project result) {
  public ChangePlan {
    Objects.requireNonNull(project, "project");
    changes = List.copyOf(changes);
    kept = List.copyOf(kept);
    Objects.requireNonNull(result, "result");
  }

  /** Whether applying would change nothing. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * Refuses a plan with breaking changes.
   *
   * @throws BreakingChangeException naming every breaking field of every view
   */
  public void requireNoBreakingChanges() {
    List<String> fields = new ArrayList<>();
    for (ObjectChange c : breakingChanges()) {
      c.breakingFields().forEach(f -> fields.add(c.qualifiedName() + " " + f));
    }
    if (!fields.isEmpty()) {
      throw new BreakingChangeException(fields);
    }
  }

  /** The updates refused because they change breaking fields without a new version. */
  public List<ObjectChange> breakingChanges() {
    return changes.stream().filter(c -> !c.breakingFields().isEmpty()).toList();
  }
}
