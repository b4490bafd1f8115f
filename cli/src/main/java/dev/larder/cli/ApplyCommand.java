package dev.larder.cli;

import dev.larder.registry.Registry;
import dev.larder.registry.diff.ChangePlan;
import dev.larder.registry.errors.LarderException;
import dev.larder.registry.load.DefinitionLoader;
import dev.larder.registry.model.Project;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code larder plan DIR} and {@code larder apply DIR}: what a folder of definitions changes in the
 * registry, and doing it — one transaction per project, refused when another apply landed since the
 * plan was made or when a view changes breakingly without a new version.
 */
final class ApplyCommand {

  private ApplyCommand() {}

  /** Options both commands take. */
  static final class Folder {
    @Parameters(index = "0", paramLabel = "DIR", description = "The definitions folder (YAML).")
    Path dir;

    @Option(
        names = "--prune",
        description = "Also delete registered objects whose names these files no longer have.")
    boolean prune;

    /** Plans every project of the folder; prints each plan. */
    List<ChangePlan> plan(Registry r, PrintWriter out) {
      List<ChangePlan> plans = new ArrayList<>();
      for (Project p : new DefinitionLoader().load(dir).projects()) {
        ChangePlan plan = r.plan(p, prune);
        PlanPrinter.print(plan, out);
        plans.add(plan);
      }
      return plans;
    }
  }

  @Command(name = "plan", description = "Show what applying a definitions folder would change.")
  static final class Plan extends RegistryCommand {
    @Mixin Folder folder;

    @Override
    void run(Registry r, PrintWriter out) {
      folder.plan(r, out);
    }
  }

  @Command(name = "apply", description = "Register a definitions folder as a new revision.")
  static final class Apply extends RegistryCommand {
    @Mixin Folder folder;

    @Override
    void run(Registry r, PrintWriter out) {
      List<ChangePlan> plans = folder.plan(r, out);
      for (ChangePlan plan : plans) {
        if (!plan.breakingChanges().isEmpty()) {
          throw new LarderException(
              "apply refused: project "
                  + plan.project()
                  + " changes views breakingly without a new version (marked ! above)");
        }
      }
      for (ChangePlan plan : plans) {
        long revision = r.apply(plan, RegistryOptions.appliedBy());
        out.printf(
            plan.isEmpty()
                ? "Project %s is unchanged at revision %d.%n"
                : "Applied: project %s is at revision %d.%n",
            plan.project(),
            revision);
      }
    }
  }
}
