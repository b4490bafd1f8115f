package dev.larder.cli;

import dev.larder.registry.errors.LarderException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Larder's configuration (DESIGN §10): {@code larder.yaml} in the working directory, every key
 * overridable by an environment variable {@code LARDER_<KEY>}. Relative paths resolve against the
 * working directory. With neither, local mode: everything under {@code .larder/}.
 */
public record LarderConfig(Path workDir, Map<String, String> values) {

  public static final String FILE_NAME = "larder.yaml";

  /** The keys larder.yaml may hold. */
  public static final Set<String> KEYS =
      Set.of(
          "registry_url",
          "redis_url",
          "redis_cluster_nodes",
          "offline_root",
          "kafka_bootstrap_servers",
          "flink_rest");

  /**
   * Reads {@code larder.yaml} (if any) from {@code workDir} and applies environment overrides.
   *
   * @throws LarderException naming the file and key when the file is malformed
   */
  public static LarderConfig load(Path workDir, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    Path file = workDir.resolve(FILE_NAME);
    if (Files.isRegularFile(file)) {
      Object doc;
      try (Reader reader = Files.newBufferedReader(file)) {
        doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      } catch (IOException | RuntimeException e) {
        throw new LarderException(file + ": cannot read: " + e.getMessage(), e);
      }
      if (doc != null && !(doc instanceof Map<?, ?>)) {
        throw new LarderException(file + ": expected a mapping of settings");
      }
      if (doc instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String key = String.valueOf(e.getKey());
          if (!KEYS.contains(key)) {
            throw new LarderException(
                file
                    + ": unknown setting '"
                    + key
                    + "' (known: "
                    + String.join(", ", KEYS.stream().sorted().toList())
                    + ")");
          }
          if (e.getValue() != null) {
            values.put(key, String.valueOf(e.getValue()));
          }
        }
      }
    }
    for (String key : KEYS) {
      String v = env.get("LARDER_" + key.toUpperCase(Locale.ROOT));
      if (v != null && !v.isBlank()) {
        values.put(key, v);
      }
    }
    return new LarderConfig(workDir, Map.copyOf(values));
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** A path setting, resolved against the working directory. */
  public Optional<Path> path(String key) {
    return get(key).map(v -> workDir.resolve(v).normalize());
  }

  /**
   * The registry's URL: {@code registry_url}, else local mode's SQLite file {@code
   * .larder/registry.db}. A relative SQLite path resolves against the working directory.
   */
  public String registryUrl() {
    String url = get("registry_url").orElse("jdbc:sqlite:.larder/registry.db");
    String sqlite = "jdbc:sqlite:";
    if (url.startsWith(sqlite)
        && !url.startsWith(sqlite + ":")
        && !url.startsWith(sqlite + "file:")) {
      return sqlite + workDir.resolve(url.substring(sqlite.length())).normalize();
    }
    return url;
  }

  /**
   * The offline store's root: {@code offline_root}, else local mode's {@code .larder/offline/}. A
   * URI with a scheme ({@code s3a://…}, {@code file:/…}) is kept as it is; a relative path resolves
   * against the working directory.
   */
  public String offlineRoot() {
    return get("offline_root")
        .filter(LarderConfig::isUri)
        .orElseGet(
            () -> path("offline_root").orElseGet(() -> localDir().resolve("offline")).toString());
  }

  /** Whether a location is a URI with a scheme ({@code s3a://…}, {@code file:/…}), not a path. */
  static boolean isUri(String location) {
    return location.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*");
  }

  /** Where local mode keeps its state. */
  public Path localDir() {
    return workDir.resolve(".larder");
  }
}
