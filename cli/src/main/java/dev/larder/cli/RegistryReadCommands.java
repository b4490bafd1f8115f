package dev.larder.cli;

import dev.larder.registry.RegisteredProject;
import dev.larder.registry.Registry;
import dev.larder.registry.RevisionRecord;
import dev.larder.registry.diff.DefinitionFields;
import dev.larder.registry.diff.ObjectKind;
import dev.larder.registry.errors.LarderException;
import dev.larder.registry.model.Durations;
import dev.larder.registry.model.Entity;
import dev.larder.registry.model.FeatureService;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Project;
import dev.larder.registry.model.ValueTypes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code larder list}, {@code describe VIEW[@vN]} and {@code history VIEW}: reading the registry.
 */
final class RegistryReadCommands {

  private RegistryReadCommands() {}

  /** Options of the commands that read one project. */
  static final class ProjectOption {
    @Option(
        names = "--project",
        paramLabel = "NAME",
        description = "The project (default: the registry's only project).")
    String project;

    RegisteredProject read(Registry r) {
      String name = project;
      if (name == null) {
        List<String> names = List.copyOf(r.revisions().keySet());
        if (names.size() != 1) {
          throw new LarderException(
              names.isEmpty()
                  ? "the registry holds no project: run larder apply DIR first"
                  : "the registry holds "
                      + names.size()
                      + " projects "
                      + names
                      + ": pass --project");
        }
        name = names.get(0);
      }
      String wanted = name;
      return r.project(name)
          .orElseThrow(() -> new LarderException("the registry has no project '" + wanted + "'"));
    }
  }

  @Command(name = "list", description = "List registered projects, entities, views and services.")
  static final class ListCommand extends RegistryCommand {
    @Override
    void run(Registry r, PrintWriter out) {
      Map<String, Long> revisions = r.revisions();
      if (revisions.isEmpty()) {
        out.println("The registry holds no project yet: run larder apply DIR.");
      }
      for (String name : revisions.keySet()) {
        r.project(name).ifPresent(p -> print(p, out));
      }
    }

    private static void print(RegisteredProject registered, PrintWriter out) {
      Project p = registered.project();
      out.printf("Project %s (revision %d)%n", p.name(), registered.revision());
      out.println("  entities:");
      for (Entity e : p.entities().values()) {
        out.printf(
            "    %-28s %s%n",
            e.name(),
            String.join(
                ", ",
                e.joinKeys().stream()
                    .map(k -> k.name() + " " + ValueTypes.displayName(k.type()))
                    .toList()));
      }
      out.println("  feature views:");
      for (FeatureView v : p.allViews()) {
        out.printf(
            "    %-28s %3d features  ttl %-6s source %s%n",
            v.qualifiedName(),
            v.features().size(),
            v.ttl().map(Durations::format).orElse("none"),
            v.source() == null ? "(pushed)" : v.source());
      }
      out.println("  feature services:");
      for (FeatureService s : p.featureServices().values()) {
        out.printf("    %-28s %3d features%n", s.name(), s.features().size());
      }
    }
  }

  @Command(name = "describe", description = "Show a feature view's registered definition.")
  static final class Describe extends RegistryCommand {
    @Parameters(paramLabel = "VIEW[@vN]", description = "The view; the newest version by default.")
    String view;

    @Mixin ProjectOption project;

    @Override
    void run(Registry r, PrintWriter out) {
      RegisteredProject p = project.read(r);
      FeatureView v = p.project().view(view);
      List<RevisionRecord> history =
          r.history(p.project().name(), ObjectKind.FEATURE_VIEW, v.name()).stream()
              .filter(h -> h.version() == v.version())
              .toList();
      RevisionRecord last = history.get(history.size() - 1);
      out.printf(
          "feature view %s of project %s: revision %d, applied %s by %s, sha256 %s%n",
          v.qualifiedName(),
          p.project().name(),
          last.revision(),
          last.appliedAt(),
          last.appliedBy(),
          last.contentHash());
      DefinitionFields.of(v).forEach((path, value) -> out.printf("  %s: %s%n", path, value));
    }
  }

  @Command(name = "history", description = "Show every revision of a feature view, with diffs.")
  static final class History extends RegistryCommand {
    @Parameters(paramLabel = "VIEW", description = "The view (every version).")
    String view;

    @Mixin ProjectOption project;

    @Override
    void run(Registry r, PrintWriter out) {
      RegisteredProject p = project.read(r);
      List<RevisionRecord> history = r.history(p.project().name(), ObjectKind.FEATURE_VIEW, view);
      if (history.isEmpty()) {
        throw new LarderException(
            "project " + p.project().name() + " has never had a feature view '" + view + "'");
      }
      for (RevisionRecord h : history) {
        out.printf(
            "%s@v%d revision %d  (project revision %d)  %s  %s  %s  sha256 %s%n",
            h.name(),
            h.version(),
            h.revision(),
            h.projectRevision(),
            h.change().name().toLowerCase(Locale.ROOT),
            h.appliedAt(),
            h.appliedBy(),
            h.contentHash().isEmpty() ? "-" : h.contentHash().substring(0, 12));
        h.diff().forEach(line -> out.printf("    %s%n", line));
      }
    }
  }
}
