package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan, apply, list, describe and history against a real registry (a SQLite file). */
class RegistryCommandsTest {

  @TempDir Path dir;
  private Path repo;
  private String registryUrl;

  @BeforeEach
  void copyTheExample() throws IOException {
    repo = dir.resolve("repo");
    Files.createDirectories(repo);
    try (Stream<Path> files = Files.list(Path.of("..").resolve(QuickstartCommand.EXAMPLE))) {
      for (Path f : files.toList()) {
        Files.copy(f, repo.resolve(f.getFileName()));
      }
    }
    registryUrl = "jdbc:sqlite:" + dir.resolve("registry.db");
  }

  private CliRun larder(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--registry-url");
    all.add(registryUrl);
    return CliRun.of(all.toArray(String[]::new));
  }

  private void edit(String file, String from, String to) throws IOException {
    Path f = repo.resolve(file);
    String text = Files.readString(f);
    assertThat(text).contains(from);
    Files.writeString(f, text.replace(from, to));
  }

  @Test
  void applyThenPlanShowsNoChangesAndListShowsEveryView() {
    CliRun apply = larder("apply", repo.toString());
    assertThat(apply.exit()).as(apply.err()).isZero();
    assertThat(apply.out())
        .contains("Project food_delivery (new project -> revision 1):")
        .contains("  + create feature view customer_stats@v1")
        .contains("Applied: project food_delivery is at revision 1.");

    assertThat(larder("plan", repo.toString()).out())
        .contains("Project food_delivery (revision 1): no changes.");
    assertThat(larder("list").out())
        .contains("Project food_delivery (revision 1)")
        .containsPattern("customer_stats@v1 +7 features +ttl 30d +source orders")
        .containsPattern("customer_embedding@v1 +2 features +ttl 7d +source \\(pushed\\)");
  }

  @Test
  void aBreakingChangeIsShownAndRefusedAndAVersionBumpIsApplied() throws IOException {
    larder("apply", repo.toString());
    edit("customers.yaml", "window: 7d}, default: 0}", "window: 1d}, default: 0}");
    edit("customers.yaml", "owner: growth-ml@", "owner: growth-team@");

    CliRun plan = larder("plan", repo.toString());
    assertThat(plan.exit()).isZero();
    assertThat(plan.out())
        .contains("  ~ update feature view customer_stats@v1")
        .contains("      ! features.order_count_7d.aggregation.window: 7d -> 1d")
        .contains(
            "      owner: growth-ml@food-delivery.example -> growth-team@food-delivery.example")
        .contains("Refused: 1 breaking change (marked !) need a new version");
    CliRun refused = larder("apply", repo.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .isEqualTo(
            "larder: apply refused: project food_delivery changes views breakingly without a new"
                + " version (marked ! above)"
                + System.lineSeparator());

    edit(
        "customers.yaml",
        "name: customer_stats\n    version: 1",
        "name: customer_stats\n    version: 2");
    CliRun bumped = larder("apply", repo.toString());
    assertThat(bumped.exit()).as(bumped.err()).isZero();
    assertThat(bumped.out()).contains("  + create feature view customer_stats@v2");
    assertThat(larder("list").out()).contains("customer_stats@v1").contains("customer_stats@v2");

    CliRun describe = larder("describe", "customer_stats@v1");
    assertThat(describe.out())
        .startsWith("feature view customer_stats@v1 of project food_delivery: revision 1, applied")
        .contains("  features.order_count_7d.aggregation.window: 7d");
    assertThat(larder("describe", "customer_stats").out())
        .contains("customer_stats@v2")
        .contains("  features.order_count_7d.aggregation.window: 1d");
    CliRun history = larder("history", "customer_stats");
    assertThat(history.out())
        .containsPattern("customer_stats@v1 revision 1 +\\(project revision 1\\) +create")
        .containsPattern("customer_stats@v2 revision 1 +\\(project revision 2\\) +create");
  }

  @Test
  void additiveChangesBecomeRevisionsWithTheirDiffInTheHistory() throws IOException {
    larder("apply", repo.toString());
    edit("customers.yaml", "ttl: 30d", "ttl: 45d");
    larder("apply", repo.toString());

    CliRun history = larder("history", "customer_stats");
    assertThat(history.out())
        .containsPattern("customer_stats@v1 revision 2 +\\(project revision 2\\) +update")
        .contains("    ttl: 30d -> 45d");
    assertThat(larder("describe", "nope").err())
        .contains("larder: project food_delivery has no feature view 'nope'");
  }
}
