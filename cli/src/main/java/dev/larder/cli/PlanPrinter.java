package dev.larder.cli;

import dev.larder.registry.diff.ChangeKind;
import dev.larder.registry.diff.ChangePlan;
import dev.larder.registry.diff.FieldChange;
import dev.larder.registry.diff.ObjectChange;
import java.io.PrintWriter;

/** Prints a plan for people: one line per object changed, indented field changes below it. */
final class PlanPrinter {

  private PlanPrinter() {}

  static void print(ChangePlan plan, PrintWriter out) {
    String from = plan.baseRevision() == 0 ? "new project" : "revision " + plan.baseRevision();
    if (plan.isEmpty()) {
      out.printf("Project %s (%s): no changes.%n", plan.project(), from);
    } else {
      out.printf(
          "Project %s (%s -> revision %d):%n", plan.project(), from, plan.baseRevision() + 1);
    }
    for (ObjectChange c : plan.changes()) {
      String mark =
          switch (c.change()) {
            case CREATE -> "+";
            case UPDATE -> "~";
            case DELETE -> "-";
          };
      out.printf("  %s %s%n", mark, c);
      for (FieldChange f : c.fields()) {
        out.printf("      %s%s%n", f.breaking() && c.change() == ChangeKind.UPDATE ? "! " : "", f);
      }
    }
    for (String kept : plan.kept()) {
      out.printf("  = keep %s (not in these files; --prune deletes it)%n", kept);
    }
    int breaking = plan.breakingChanges().stream().mapToInt(c -> c.breakingFields().size()).sum();
    if (breaking > 0) {
      out.printf(
          "Refused: %d breaking %s (marked !) need a new version of the view: raise `version:`.%n",
          breaking, breaking == 1 ? "change" : "changes");
    }
    out.flush();
  }
}
