package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.cli.KubernetesManifests.Located;
import dev.larder.cli.KubernetesManifests.Node;
import dev.larder.server.config.LarderServerProperties;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import picocli.CommandLine.ParseResult;

/**
 * Keeps the Kubernetes manifests under {@code k8s/} true to what they deploy: files that exist,
 * Services that reach container ports, probes on endpoints the server exposes, settings that bind
 * to the server's properties, jobs that are larder commands, Flink options that Flink knows.
 */
class KubernetesManifestsTest {

  private static final String SERVER_CONFIG = "larder-server";
  private static final String LARDER_ENV = "larder";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

  private final KubernetesManifests k8s = KubernetesManifests.load();
  private final Node serverDefaults =
      KubernetesManifests.readAll(
              k8s.root().resolveSibling("feature-server/src/main/resources/application.yaml"))
          .get(0);

  @Test
  void kustomizationsNameFilesThatExistAndEveryFileIsNamed() {
    Set<Path> named = new HashSet<>();
    k8s.kustomizations()
        .forEach(
            (dir, k) -> {
              named.add(dir.resolve("kustomization.yaml"));
              List<String> files = new ArrayList<>(k.texts("resources"));
              k.items("patches").forEach(p -> files.add(p.text("path")));
              for (String generator : List.of("configMapGenerator", "secretGenerator")) {
                k.items(generator).forEach(g -> files.addAll(g.texts("files")));
              }
              for (String file : files) {
                Path path = dir.resolve(file).normalize();
                assertThat(
                        Files.isRegularFile(path)
                            || Files.isRegularFile(path.resolve("kustomization.yaml")))
                    .as("%s names %s", dir.resolve("kustomization.yaml"), file)
                    .isTrue();
                named.add(path);
              }
            });
    assertThat(k8s.yamlFiles()).as("YAML under k8s/ that no kustomization uses").isSubsetOf(named);
    assertThat(k8s.kustomizations().keySet().stream().map(d -> k8s.root().relativize(d)))
        .extracting(Path::toString)
        .contains("base", "overlays/local", "overlays/production", "flink");
  }

  @Test
  void servicesReachNamedContainerPortsOfTheirPods() {
    assertThat(k8s.ofKind("Service")).hasSizeGreaterThanOrEqualTo(4);
    for (Located service : k8s.ofKind("Service")) {
      Map<String, Object> selector = service.object().at("spec", "selector").map();
      List<Located> pods =
          k8s.podSpecs().keySet().stream()
              .filter(w -> !w.kind().equals("CronJob"))
              .filter(
                  w ->
                      w.object()
                          .at("spec", "template", "metadata", "labels")
                          .map()
                          .entrySet()
                          .containsAll(selector.entrySet()))
              .toList();
      assertThat(pods).as("workloads that %s selects", service).isNotEmpty();
      for (Located workload : pods) {
        Set<String> ports = new HashSet<>();
        for (Node c : k8s.podSpecs().get(workload).items("containers")) {
          for (Node p : c.items("ports")) {
            ports.add(p.text("name"));
            ports.add(p.text("containerPort"));
          }
        }
        for (Node port : service.object().items("spec", "ports")) {
          String target =
              port.at("targetPort").present() ? port.text("targetPort") : port.text("port");
          assertThat(ports).as("%s %s of %s", port.path(), target, workload).contains(target);
        }
      }
    }
  }

  @Test
  void probesAndScrapingUseEndpointsTheServerExposes() {
    Set<String> exposed = actuatorPaths();
    assertThat(exposed)
        .contains(
            "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus");
    Located server = featureServer();
    Node container = k8s.podSpecs().get(server).items("containers").get(0);
    String httpPort = serverDefaults.text("server", "port");
    Map<String, String> portNumbers = new LinkedHashMap<>();
    container.items("ports").forEach(p -> portNumbers.put(p.text("name"), p.text("containerPort")));
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      Node get = container.at(probe, "httpGet");
      assertThat(exposed).as(get.path()).contains(get.text("path"));
      assertThat(portNumbers.get(get.text("port"))).as(get.path()).isEqualTo(httpPort);
    }
    Node annotations = server.object().at("spec", "template", "metadata", "annotations");
    assertThat(annotations.text("prometheus.io/scrape")).isEqualTo("true");
    assertThat(exposed).contains(annotations.text("prometheus.io/path"));
    assertThat(annotations.text("prometheus.io/port")).isEqualTo(httpPort);
    LarderServerProperties defaults =
        new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("larder", LarderServerProperties.class);
    assertThat(portNumbers).containsEntry("grpc", String.valueOf(defaults.grpc().port()));
  }

  @Test
  void serverConfigBindsToTheServersPropertiesWithEveryPlaceholderProvided() {
    Set<String> environment = serverEnvironment();
    int configs = 0;
    for (Map.Entry<Path, Node> k : k8s.kustomizations().entrySet()) {
      for (Node generator : k.getValue().items("configMapGenerator")) {
        if (!SERVER_CONFIG.equals(generator.text("name"))) {
          continue;
        }
        for (String file : generator.texts("files")) {
          Node config = KubernetesManifests.readAll(k.getKey().resolve(file)).get(0);
          Map<String, Object> flat = resolved(flatten("", config.value()), environment, file);
          Binder binder = new Binder(new MapConfigurationPropertySource(flat));
          BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
          LarderServerProperties larder =
              binder.bind("larder", Bindable.of(LarderServerProperties.class), strict).get();
          assertThat(larder.registry().url()).as(file).startsWith("jdbc:postgresql://");
          binder.bind("server", Bindable.of(ServerProperties.class), strict);
          LifecycleProperties lifecycle =
              binder.bind("spring.lifecycle", Bindable.of(LifecycleProperties.class), strict).get();
          assertThat(flat.keySet())
              .as("%s: keys outside larder, server and spring.lifecycle", file)
              .allMatch(
                  key ->
                      key.startsWith("larder.")
                          || key.startsWith("server.")
                          || key.startsWith("spring.lifecycle."));
          assertGracefulShutdownFits(lifecycle.getTimeoutPerShutdownPhase(), larder.grpc());
          configs++;
        }
      }
    }
    assertThat(configs).as("server configs (base and production)").isEqualTo(2);
  }

  /** Kubernetes waits for the preStop pause and Spring's graceful shutdown before it kills. */
  private void assertGracefulShutdownFits(
      Duration shutdownPhase, LarderServerProperties.Grpc grpc) {
    assertThat(serverDefaults.text("server", "shutdown")).isEqualTo("graceful");
    Node pod = k8s.podSpecs().get(featureServer());
    List<String> preStop =
        pod.items("containers").get(0).texts("lifecycle", "preStop", "exec", "command");
    assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
    Duration pause = Duration.ofSeconds(Long.parseLong(preStop.get(1)));
    Duration grace = Duration.ofSeconds(Long.parseLong(pod.text("terminationGracePeriodSeconds")));
    assertThat(grpc.shutdownGrace()).isLessThanOrEqualTo(shutdownPhase);
    assertThat(pause.plus(shutdownPhase)).isLessThan(grace);
  }

  @Test
  void environmentSettingsAreLarderConfigKeys() {
    List<String> names = new ArrayList<>();
    k8s.kustomizations()
        .values()
        .forEach(
            k ->
                k.items("configMapGenerator").stream()
                    .filter(g -> LARDER_ENV.equals(g.text("name")))
                    .forEach(g -> g.texts("literals").forEach(l -> names.add(l.split("=", 2)[0]))));
    for (Located f : k8s.ofKind("FlinkDeployment")) {
      f.object()
          .items("spec", "podTemplate", "spec", "containers")
          .forEach(c -> c.items("env").forEach(e -> names.add(e.text("name"))));
    }
    k8s.podSpecs().values().stream()
        .flatMap(pod -> pod.items("containers").stream())
        .forEach(c -> c.items("env").forEach(e -> names.add(e.text("name"))));
    List<String> larder = names.stream().filter(n -> n.startsWith("LARDER_")).toList();
    assertThat(larder).contains("LARDER_REDIS_URL", "LARDER_OFFLINE_ROOT", "LARDER_REGISTRY_URL");
    assertThat(larder)
        .allSatisfy(
            n ->
                assertThat(LarderConfig.KEYS)
                    .as(n)
                    .contains(n.substring("LARDER_".length()).toLowerCase(Locale.ROOT)));
  }

  @Test
  void imageCommandsAndJobsAreLarderCommands() throws Exception {
    String entrypoint =
        Files.readAllLines(k8s.root().resolveSibling("Dockerfile")).stream()
            .filter(l -> l.startsWith("ENTRYPOINT "))
            .findFirst()
            .orElseThrow();
    assertThat(entrypoint)
        .isEqualTo(
            "ENTRYPOINT [\"java\", \"@/app/classpath.args\", \""
                + LarderCli.class.getName()
                + "\"]");
    List<String> serverCommand =
        k8s.podSpecs().get(featureServer()).items("containers").get(0).texts("command");
    assertThat(serverCommand).hasSize(3).startsWith("java", "@/app/classpath.args");
    assertThat(Class.forName(serverCommand.get(2)).getMethod("main", String[].class)).isNotNull();

    List<Located> jobs = k8s.ofKind("CronJob");
    assertThat(jobs)
        .extracting(Located::name)
        .contains("larder-materialize-incremental", "larder-compact");
    for (Located job : jobs) {
      assertThat(job.object().text("spec", "concurrencyPolicy"))
          .as(job.toString())
          .isEqualTo("Forbid");
      List<String> args = k8s.podSpecs().get(job).items("containers").get(0).texts("args");
      ParseResult parsed = LarderCli.commandLine().parseArgs(args.toArray(String[]::new));
      assertThat(parsed.subcommand()).as("%s: %s", job, args).isNotNull();
      assertThat(job.name()).isEqualTo("larder-" + parsed.subcommand().commandSpec().name());
    }
  }

  @Test
  void flinkDeploymentUsesThisFlinkAndItsOptions() throws Exception {
    Located stream = k8s.ofKind("FlinkDeployment").get(0);
    String[] version = EnvironmentInformation.getVersion().split("\\.");
    assertThat(stream.object().text("spec", "flinkVersion"))
        .isEqualTo("v" + version[0] + "_" + version[1]);
    Set<String> known = new HashSet<>();
    for (Class<?> options :
        List.of(
            CheckpointingOptions.class,
            StateBackendOptions.class,
            HighAvailabilityOptions.class,
            RestartStrategyOptions.class,
            TaskManagerOptions.class)) {
      for (Field f : options.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
          known.add(((ConfigOption<?>) f.get(null)).key());
        }
      }
    }
    Map<String, Object> config = stream.object().at("spec", "flinkConfiguration").map();
    assertThat(config)
        .containsKeys("execution.checkpointing.dir", "execution.checkpointing.interval");
    assertThat(known).containsAll(config.keySet());
    assertThat(String.valueOf(config.get("execution.checkpointing.dir"))).startsWith("s3://");
    Node env = stream.object().items("spec", "podTemplate", "spec", "containers").get(0).at("env");
    assertThat(env.items())
        .anySatisfy(
            e ->
                assertThat(e.text("value"))
                    .isEqualTo(
                        "flink-s3-fs-presto-" + EnvironmentInformation.getVersion() + ".jar"));
  }

  private Located featureServer() {
    return k8s.ofKind("Deployment").stream()
        .filter(d -> d.name().equals("larder-feature-server"))
        .findFirst()
        .orElseThrow();
  }

  /** Names the server container has in its environment: its env and the larder ConfigMap's keys. */
  private Set<String> serverEnvironment() {
    Set<String> names = new HashSet<>();
    Node container = k8s.podSpecs().get(featureServer()).items("containers").get(0);
    container.items("env").forEach(e -> names.add(e.text("name")));
    assertThat(container.items("envFrom"))
        .extracting(e -> e.text("configMapRef", "name"))
        .containsExactly(LARDER_ENV);
    k8s.kustomizations().values().stream()
        .flatMap(k -> k.items("configMapGenerator").stream())
        .filter(g -> LARDER_ENV.equals(g.text("name")))
        .forEach(g -> g.texts("literals").forEach(l -> names.add(l.split("=", 2)[0])));
    return names;
  }

  /** The actuator paths the server's application.yaml exposes over HTTP. */
  private Set<String> actuatorPaths() {
    Node management = serverDefaults.at("management");
    String base =
        management.at("endpoints", "web", "base-path").present()
            ? management.text("endpoints", "web", "base-path")
            : "/actuator";
    Set<String> paths = new HashSet<>();
    for (String id : management.text("endpoints", "web", "exposure", "include").split(",")) {
      paths.add(base + "/" + id.trim());
    }
    if ("true".equals(management.text("endpoint", "health", "probes", "enabled"))
        && paths.contains(base + "/health")) {
      paths.add(base + "/health/liveness");
      paths.add(base + "/health/readiness");
    }
    return paths;
  }

  private static Map<String, Object> flatten(String prefix, Object value) {
    Map<String, Object> flat = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> flat.putAll(flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, v)));
    } else {
      flat.put(prefix, value);
    }
    return flat;
  }

  /** The settings with each ${NAME} replaced by a sample, after checking the pod defines NAME. */
  private static Map<String, Object> resolved(
      Map<String, Object> flat, Set<String> environment, String file) {
    Map<String, Object> out = new LinkedHashMap<>();
    flat.forEach(
        (key, value) -> {
          String text = String.valueOf(value);
          Matcher m = PLACEHOLDER.matcher(text);
          while (m.find()) {
            assertThat(environment)
                .as("%s: %s uses ${%s}", file, key, m.group(1))
                .contains(m.group(1));
          }
          out.put(key, PLACEHOLDER.matcher(text).replaceAll("sample"));
        });
    return out;
  }
}
