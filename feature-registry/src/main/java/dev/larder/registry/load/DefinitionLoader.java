package dev.larder.registry.load;

import dev.larder.registry.errors.InvalidDefinitionException;
import dev.larder.registry.load.Declarations.Document;
import dev.larder.registry.load.Declarations.ProjectDecl;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.Project;
import dev.larder.registry.validate.DefinitionProblem;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a feature repository: YAML files of definitions (DESIGN §2) into a validated {@link
 * FeatureCatalog}.
 *
 * <p>Several files (and several documents in a file) may make up one project, and a folder may hold
 * several projects; every document names its project with {@code project:}. Loading checks
 * everything before it fails, so one {@link InvalidDefinitionException} lists every problem of
 * every file, each with its file, line and path. Stateless and thread-safe.
 */
public final class DefinitionLoader {

  /**
   * Loads one definitions file, or every {@code *.yaml} and {@code *.yml} file under a folder
   * (recursively, in path order, skipping files and folders whose names start with a dot).
   *
   * @throws InvalidDefinitionException listing every problem, when any definition is invalid or a
   *     file cannot be read or holds no definitions
   */
  public FeatureCatalog load(Path path) {
    return load(List.of(path));
  }

  /**
   * Loads the definitions of several files and folders together, as {@link #load(Path)} loads one;
   * a file reached twice is read once.
   *
   * @throws InvalidDefinitionException listing every problem of every file
   */
  public FeatureCatalog load(List<Path> paths) {
    Problems problems = new Problems();
    DocumentParser parser = new DocumentParser(problems);
    Map<String, List<Document>> byProject = new LinkedHashMap<>();
    for (Path file : files(paths, problems)) {
      for (YamlNode root : documents(file, problems)) {
        Document d = parser.parse(root);
        if (d != null && d.project() != null) {
          byProject.computeIfAbsent(d.project(), k -> new ArrayList<>()).add(d);
        }
      }
    }
    List<ProjectDecl> projects = new ArrayList<>();
    byProject.forEach((name, documents) -> projects.add(ProjectDecl.merge(name, documents)));
    projects.forEach(p -> ProjectValidator.validate(p, problems));
    if (!problems.isEmpty()) {
      throw new InvalidDefinitionException(problems.sorted());
    }
    List<Project> model = projects.stream().map(ProjectAssembler::assemble).toList();
    return new FeatureCatalog(model);
  }

  /** The definitions files of the given paths, each once, folders' files in path order. */
  private static Collection<Path> files(List<Path> paths, Problems problems) {
    Map<Path, Path> files = new LinkedHashMap<>();
    for (Path path : paths) {
      List<Path> found;
      if (Files.isRegularFile(path)) {
        found = List.of(path);
      } else if (Files.isDirectory(path)) {
        found = walk(path, problems);
        if (found.isEmpty()) {
          problems.add(fileProblem(path, "no *.yaml or *.yml files in this folder"));
        }
      } else {
        problems.add(fileProblem(path, "no such file or folder"));
        found = List.of();
      }
      found.forEach(f -> files.putIfAbsent(f.toAbsolutePath().normalize(), f));
    }
    return files.values();
  }

  private static List<Path> walk(Path folder, Problems problems) {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(p -> !isHidden(folder.relativize(p)))
          .filter(Files::isRegularFile)
          .filter(DefinitionLoader::isYaml)
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      problems.add(fileProblem(folder, "cannot list the folder: " + e.getMessage()));
      return List.of();
    }
  }

  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /** The documents of a file; a YAML syntax error is reported and ends the file. */
  private static List<YamlNode> documents(Path file, Problems problems) {
    String name = file.toString();
    List<YamlNode> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (Node node : new Yaml(new LoaderOptions()).composeAll(reader)) {
        if (node != null) {
          documents.add(YamlNode.root(name, node));
        }
      }
      if (documents.isEmpty()) {
        problems.add(fileProblem(file, "the file holds no definitions; it must say 'project:'"));
      }
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      problems.add(new DefinitionProblem(name, line, "", "invalid YAML: " + e.getProblem()));
    } catch (YAMLException e) {
      problems.add(fileProblem(file, "invalid YAML: " + e.getMessage()));
    } catch (IOException e) {
      problems.add(fileProblem(file, "cannot read the file: " + e));
    }
    return documents;
  }

  private static DefinitionProblem fileProblem(Path path, String message) {
    return new DefinitionProblem(path.toString(), 0, "", message);
  }
}
