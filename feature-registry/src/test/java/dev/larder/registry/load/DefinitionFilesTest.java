package dev.larder.registry.load;

import static dev.larder.registry.testing.DefinitionFiles.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.larder.registry.errors.InvalidDefinitionException;
import dev.larder.registry.model.Project;
import dev.larder.registry.testing.DefinitionFiles;
import dev.larder.registry.validate.DefinitionProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files a load reads, and how it reports paths it cannot use. */
class DefinitionFilesTest {

  @TempDir Path dir;

  @Test
  void readsYamlAndYmlFilesUnderTheFolderAndSkipsHiddenOnesAndOthers() {
    DefinitionFiles files = new DefinitionFiles(dir);
    Project p =
        files
            .load(
                Map.of(
                    "a/b/base.YML", BASE,
                    "notes.txt", "not: [yaml",
                    ".git/ci.yaml", "not: [yaml",
                    "a/.draft.yaml", "not: [yaml"))
            .project("shop");
    assertThat(p.sources()).containsOnlyKeys("orders");
  }

  @Test
  void severalDocumentsInAFileMayMakeUpAProject() {
    String yaml =
        BASE
            + """
            ---
            project: shop
            feature_views:
              - {name: v, entities: [customer], features: [{name: x, type: INT64}]}
            """;
    assertThat(new DefinitionFiles(dir).project(yaml).view("v", 1).joinKeys()).hasSize(1);
  }

  @Test
  void aMissingPathIsAProblem() {
    Path missing = dir.resolve("nope");
    assertThat(problems(missing))
        .containsExactly(
            new DefinitionProblem(missing.toString(), 0, "", "no such file or folder"));
  }

  @Test
  void aFolderWithoutDefinitionsIsAProblem() {
    new DefinitionFiles(dir).write("readme.md", "# empty");
    assertThat(problems(dir))
        .containsExactly(
            new DefinitionProblem(
                dir.toString(), 0, "", "no *.yaml or *.yml files in this folder"));
  }

  private static List<DefinitionProblem> problems(Path path) {
    return catchThrowableOfType(
            InvalidDefinitionException.class, () -> new DefinitionLoader().load(path))
        .problems();
  }
}
