package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which subcommands the {@code larder} command is built with, and that help still lists all. */
class LarderCliTest {

  private static final String[] ALL = {
    "quickstart",
    "plan",
    "apply",
    "list",
    "describe",
    "history",
    "generate",
    "serve",
    "backfill",
    "stream",
    "materialize",
    "materialize-incremental",
    "compact",
    "training-set",
    "help"
  };

  @Test
  void aSubcommandsArgumentsBuildThatSubcommandOnly() {
    assertThat(LarderCli.commandLine("training-set", "--entities", "e.parquet").getSubcommands())
        .containsOnlyKeys("training-set");
    assertThat(LarderCli.commandLine("list").getSubcommands()).containsOnlyKeys("list");
  }

  @Test
  void otherArgumentsBuildEverySubcommand() {
    assertThat(LarderCli.commandLine().getSubcommands()).containsOnlyKeys(ALL);
    assertThat(LarderCli.commandLine("--help").getSubcommands()).containsOnlyKeys(ALL);
    assertThat(LarderCli.commandLine("help", "training-set").getSubcommands())
        .containsOnlyKeys(ALL);
    assertThat(LarderCli.commandLine("trainingset").getSubcommands()).containsOnlyKeys(ALL);
    assertThat(LarderCli.commandLine(new String[0]).getSubcommands()).containsOnlyKeys(ALL);
  }

  @Test
  void helpListsEverySubcommandAndExplainsOne() {
    CliRun usage = CliRun.of("--help");
    assertThat(usage.exit()).isZero();
    assertThat(usage.out()).contains(ALL);

    CliRun help = CliRun.of("help", "training-set");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: larder training-set", "--entities=FILE");
  }

  @Test
  void everySubcommandAnswersHelpWithItsUsage() {
    for (String subcommand : ALL) {
      CliRun run = CliRun.of(subcommand, "--help");
      assertThat(run.exit()).as(subcommand).isZero();
      assertThat(run.out()).as(subcommand).contains("Usage: larder " + subcommand);
    }
  }

  @Test
  void aSubcommandsUsageErrorShowsItsUsageUnderLarder() {
    CliRun run = CliRun.of("training-set", "--entities", "e.parquet");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option", "Usage: larder training-set");
  }
}
