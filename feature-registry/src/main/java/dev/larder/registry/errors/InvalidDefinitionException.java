package dev.larder.registry.errors;

import dev.larder.registry.validate.DefinitionProblem;
import java.util.List;
import java.util.stream.Collectors;

/** Definitions were refused; {@link #problems()} lists every problem found, not just the first. */
public class InvalidDefinitionException extends LarderException {
  private final List<DefinitionProblem> problems;

  public InvalidDefinitionException(List<DefinitionProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<DefinitionProblem> problems() {
    return problems;
  }

  private static String message(List<DefinitionProblem> problems) {
    return problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + " in definitions:\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
