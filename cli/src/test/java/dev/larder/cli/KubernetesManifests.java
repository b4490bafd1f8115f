package dev.larder.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The YAML under the repository's {@code k8s/}, read as plain data: the kustomizations, the files
 * they name, and the Kubernetes objects in them (patches left out, they are partial objects).
 *
 * @param root the {@code k8s/} folder
 * @param kustomizations each {@code kustomization.yaml} by its folder
 * @param objects every object of a resource file, with the file it is in
 * @param yamlFiles every {@code .yaml} file under the root
 */
record KubernetesManifests(
    Path root, Map<Path, Node> kustomizations, List<Located> objects, List<Path> yamlFiles) {

  /** A Kubernetes object and the file that holds it. */
  record Located(Path file, Node object) {
    String kind() {
      return object.text("kind");
    }

    String name() {
      return object.at("metadata").text("name");
    }

    @Override
    public String toString() {
      return kind() + " " + name() + " (" + file.getFileName() + ")";
    }
  }

  /** The repository's {@code k8s/}, found from the module the tests run in. */
  static KubernetesManifests load() {
    Path root = Path.of("").toAbsolutePath().getParent().resolve("k8s");
    List<Path> yamlFiles;
    try (Stream<Path> files = Files.walk(root)) {
      yamlFiles = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<Path, Node> kustomizations = new LinkedHashMap<>();
    for (Path file : yamlFiles) {
      if (file.getFileName().toString().equals("kustomization.yaml")) {
        kustomizations.put(file.getParent(), readAll(file).get(0));
      }
    }
    List<Located> objects = new ArrayList<>();
    for (Map.Entry<Path, Node> k : kustomizations.entrySet()) {
      for (String resource : k.getValue().texts("resources")) {
        Path file = k.getKey().resolve(resource).normalize();
        if (Files.isRegularFile(file)) {
          readAll(file).forEach(doc -> objects.add(new Located(file, doc)));
        }
      }
    }
    return new KubernetesManifests(root, kustomizations, objects, yamlFiles);
  }

  /** Every document of a YAML file. */
  static List<Node> readAll(Path file) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    try {
      List<Node> docs = new ArrayList<>();
      for (Object doc : yaml.loadAll(Files.readString(file))) {
        docs.add(new Node(file.getFileName() + ":", doc));
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Located> ofKind(String kind) {
    return objects.stream().filter(o -> o.kind().equals(kind)).toList();
  }

  /** The pod specs of Deployments, StatefulSets and CronJobs, with their object. */
  Map<Located, Node> podSpecs() {
    Map<Located, Node> specs = new LinkedHashMap<>();
    for (Located o : objects) {
      switch (o.kind()) {
        case "Deployment", "StatefulSet" -> specs.put(o, o.object().at("spec", "template", "spec"));
        case "CronJob" ->
            specs.put(o, o.object().at("spec", "jobTemplate", "spec", "template", "spec"));
        default -> {}
      }
    }
    return specs;
  }

  /**
   * A value in a YAML tree, with the path that leads to it so that a failure names the place.
   *
   * @param path where the value is, e.g. {@code feature-server.yaml:spec.replicas}
   * @param value a {@code Map}, a {@code List}, a scalar, or null when absent
   */
  record Node(String path, Object value) {

    Node at(String... keys) {
      Node n = this;
      for (String key : keys) {
        Object v = n.value instanceof Map<?, ?> m ? m.get(key) : null;
        n = new Node(n.path + (n.path.endsWith(":") ? "" : ".") + key, v);
      }
      return n;
    }

    boolean present() {
      return value != null;
    }

    String text(String... keys) {
      Object v = at(keys).value;
      return v == null ? null : String.valueOf(v);
    }

    /** The elements of a list (none when absent). */
    List<Node> items() {
      List<Node> items = new ArrayList<>();
      if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          items.add(new Node(path + "[" + i + "]", list.get(i)));
        }
      }
      return items;
    }

    List<Node> items(String... keys) {
      return at(keys).items();
    }

    List<String> texts(String... keys) {
      return items(keys).stream().map(n -> String.valueOf(n.value)).toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
      return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
  }
}
