package dev.larder.registry.load;

import dev.larder.registry.validate.DefinitionProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one load, so that every problem is reported, not only the first. */
final class Problems {

  /** A problem and the column it starts at, to order problems that share a line. */
  private record Found(DefinitionProblem problem, int column) {}

  private static final Comparator<Found> BY_PLACE =
      Comparator.comparing((Found f) -> f.problem().file())
          .thenComparingInt(f -> f.problem().line())
          .thenComparingInt(Found::column);

  private final List<Found> found = new ArrayList<>();

  void add(YamlNode at, String message) {
    found.add(new Found(at.problem(message), at.column()));
  }

  /** Adds a problem that has no place in a document (an unreadable file, for instance). */
  void add(DefinitionProblem problem) {
    found.add(new Found(problem, 0));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** Every problem, ordered by file, line and column; problems in one place keep their order. */
  List<DefinitionProblem> sorted() {
    return found.stream().sorted(BY_PLACE).map(Found::problem).toList();
  }
}
