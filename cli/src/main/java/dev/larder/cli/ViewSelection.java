package dev.larder.cli;

import dev.larder.registry.RegisteredProject;
import dev.larder.registry.Registry;
import dev.larder.registry.errors.LarderException;
import dev.larder.registry.errors.UnknownFeatureViewException;
import dev.larder.registry.model.FeatureView;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The view versions a command names: {@code view} (newest version) or {@code view@vN}. */
final class ViewSelection {

  private ViewSelection() {}

  /** {@code [--project NAME] [VIEW…]}: views of every project, or of one, all when none named. */
  static final class Options {
    @Option(
        names = "--project",
        paramLabel = "NAME",
        description = "Only views of this project (default: every project).")
    String project;

    @Parameters(
        paramLabel = "VIEW",
        arity = "0..*",
        description = "Views, view or view@vN (default: every version of every view).")
    List<String> views = List.of();

    /** The named views, resolved as {@link ViewSelection#resolve} does. */
    List<FeatureView> resolve(Registry registry) {
      return ViewSelection.resolve(registry, project, views);
    }
  }

  /**
   * Resolves view references against the registry's current definitions.
   *
   * @param project the project to look in; null for every project
   * @param references {@code view} or {@code view@vN}; empty for every version of every view
   * @throws LarderException naming a reference that matches no view, or views of several projects
   */
  static List<FeatureView> resolve(Registry registry, String project, List<String> references) {
    List<RegisteredProject> projects = new ArrayList<>();
    for (String name : project == null ? registry.revisions().keySet() : List.of(project)) {
      projects.add(
          registry
              .project(name)
              .orElseThrow(
                  () -> new LarderException("the registry has no project '" + name + "'")));
    }
    if (references.isEmpty()) {
      return projects.stream().flatMap(p -> p.project().allViews().stream()).toList();
    }
    List<FeatureView> views = new ArrayList<>();
    for (String reference : references) {
      views.add(resolve(projects, reference));
    }
    return views;
  }

  private static FeatureView resolve(List<RegisteredProject> projects, String reference) {
    List<FeatureView> found = new ArrayList<>();
    UnknownFeatureViewException unknown = null;
    for (RegisteredProject p : projects) {
      try {
        found.add(p.project().view(reference));
      } catch (UnknownFeatureViewException e) {
        unknown = e;
      }
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    if (found.isEmpty()) {
      throw unknown != null
          ? unknown
          : new LarderException("the registry holds no project: run larder apply DIR first");
    }
    throw new LarderException(
        "view '"
            + reference
            + "' is in several projects "
            + found.stream().map(FeatureView::project).toList()
            + ": pass --project");
  }
}
