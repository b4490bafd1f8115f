package dev.larder.cli;

import dev.larder.registry.RegisteredProject;
import dev.larder.registry.model.FeatureView;
import java.util.List;
import picocli.CommandLine.Parameters;

/** The views a pipeline command runs, {@code view} or {@code view@vN}, of one project. */
final class ViewArguments {

  @Parameters(
      arity = "1..*",
      paramLabel = "VIEW[@vN]",
      description = "Views; newest version by default.")
  List<String> views;

  /**
   * @throws dev.larder.registry.errors.UnknownFeatureViewException naming a view the project lacks
   */
  List<FeatureView> resolve(RegisteredProject project) {
    return views.stream().map(v -> project.project().view(v)).toList();
  }
}
