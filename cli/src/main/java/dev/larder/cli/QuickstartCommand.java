package dev.larder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.examples.fooddelivery.FoodDeliveryGenerator;
import dev.larder.examples.fooddelivery.RawEventSettings;
import dev.larder.proto.serving.v1.PushFeaturesResponse;
import dev.larder.proto.serving.v1.PushTarget;
import dev.larder.proto.types.v1.Value;
import dev.larder.registry.Registry;
import dev.larder.registry.diff.ChangePlan;
import dev.larder.registry.errors.LarderException;
import dev.larder.registry.load.DefinitionLoader;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Project;
import dev.larder.registry.store.Registries;
import dev.larder.server.api.grpc.GrpcServer;
import dev.larder.server.config.CatalogHolder;
import dev.larder.server.config.LarderServerProperties;
import dev.larder.server.serving.PushService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code larder quickstart}: local mode end to end. Starts (or reuses) Redis, applies the
 * food-delivery definitions to the registry, generates raw events, backfills and materializes the
 * views computed from them, pushes generated rows to the views fed by pushes, starts the server,
 * shows a request and its answer, and keeps serving until Ctrl-C.
 */
@Command(
    name = "quickstart",
    description = "Run Larder end to end on local defaults with the food-delivery example.")
final class QuickstartCommand implements Callable<Integer> {

  static final Path EXAMPLE = Path.of("examples", "food-delivery", "feature_repo");
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Quickstart's own output tells the story; the server logs only warnings. */
  @Mixin ServerOptions options;

  @Mixin RegistryOptions registry;

  @Option(
      names = "--definitions",
      paramLabel = "DIR",
      description = "Definitions to apply (default: examples/food-delivery/feature_repo).")
  Path definitions;

  @Option(
      names = "--entities",
      defaultValue = "1000",
      description = "Rows to push per feature view without a source (default: ${DEFAULT-VALUE}).")
  int entities;

  @Option(
      names = "--orders",
      defaultValue = "" + RawEventSettings.DEFAULT_ORDERS,
      description = "Order events to generate and backfill (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(
      names = "--exit",
      description = "Exit after showing the sample request instead of serving.")
  boolean exit;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    LarderConfig config = registry.config();
    Path folder = definitions != null ? definitions : config.workDir().resolve(EXAMPLE);
    if (!Files.isDirectory(folder)) {
      throw new LarderException(
          "no definitions at "
              + folder
              + ": run quickstart from the repository root or pass --definitions DIR");
    }
    String redis = options.redis(config);
    String registryUrl = registry.url(config);
    out.println("Redis:        " + redis);
    out.println("Registry:     " + registryUrl);
    out.println("Definitions:  " + folder);
    List<Project> projects = applyDefinitions(registryUrl, folder, out);
    computeFromRawEvents(projects, config, registryUrl, redis, out);

    ConfigurableApplicationContext context =
        ServerRunner.start(
            registryUrl,
            redis,
            options.httpPort,
            options.grpcPort,
            Map.of(
                "larder.offline.root",
                options.offlineRoot.root(config),
                "logging.level.root",
                "WARN",
                "spring.main.log-startup-info",
                "false"));
    try {
      int httpPort = ((WebServerApplicationContext) context).getWebServer().getPort();
      int grpcPort = context.getBean(GrpcServer.class).port();
      pushSampleRows(context, out);
      showSampleRequest(context.getBean(CatalogHolder.class), httpPort, out);
      out.println();
      out.println(
          (exit ? "Served" : "Serving")
              + ": gRPC larder.serving.v1.FeatureServing on 127.0.0.1:"
              + grpcPort
              + " (reflection on), REST on http://127.0.0.1:"
              + httpPort
              + " (/get-online-features, /push, /actuator/prometheus).");
      if (exit) {
        return 0;
      }
      out.println("Press Ctrl-C to stop.");
      out.flush();
      ServerRunner.awaitShutdown(context);
      return 0;
    } finally {
      if (exit) {
        context.close();
      }
    }
  }

  private static List<Project> applyDefinitions(String registryUrl, Path folder, PrintWriter out) {
    List<Project> projects = new ArrayList<>();
    try (Registry r = Registries.open(registryUrl)) {
      for (Project p : new DefinitionLoader().load(folder).projects()) {
        projects.add(p);
        ChangePlan plan = r.plan(p, false);
        long revision = r.apply(plan, RegistryOptions.appliedBy());
        out.printf(
            "Applied:      project %s at revision %d (%s)%n",
            p.name(),
            revision,
            plan.isEmpty() ? "unchanged" : plan.changes().size() + " objects created or changed");
      }
    }
    out.flush();
    return projects;
  }

  /**
   * The pipeline path, as a user would run it: raw events generated under {@code data/}, every view
   * with a batch source backfilled over their span into the offline store, then materialized to
   * Redis.
   */
  private void computeFromRawEvents(
      List<Project> projects,
      LarderConfig config,
      String registryUrl,
      String redis,
      PrintWriter out) {
    String offlineRoot = options.offlineRoot.root(config);
    Instant end = Instant.now();
    String start = end.minus(RawEventSettings.DEFAULT_SPAN).minus(Duration.ofDays(1)).toString();
    out.println();
    larder(
        out,
        "generate",
        "--orders",
        Integer.toString(orders),
        "--out",
        config.workDir().resolve("data").toString(),
        "--end",
        end.toString());
    for (Project p : projects) {
      List<FeatureView> backfilled =
          p.latestViews().stream()
              .filter(v -> v.source() != null && p.sources().get(v.source()).batch() != null)
              .toList();
      if (backfilled.isEmpty()) {
        continue;
      }
      List<String> backfill = new ArrayList<>(List.of("backfill"));
      backfilled.forEach(v -> backfill.add(v.qualifiedName()));
      backfill.addAll(
          List.of(
              "--start",
              start,
              "--end",
              end.toString(),
              "--project",
              p.name(),
              "--offline-root",
              offlineRoot,
              "--registry-url",
              registryUrl));
      larder(out, backfill.toArray(String[]::new));
      larder(
          out,
          "materialize",
          "--start",
          start,
          "--end",
          end.toString(),
          "--project",
          p.name(),
          "--offline-root",
          offlineRoot,
          "--registry-url",
          registryUrl,
          "--redis-url",
          redis);
      trainingSet(
          p, backfilled, config.workDir().resolve("data"), registryUrl, offlineRoot, end, out);
    }
  }

  /**
   * A small training set from what was just backfilled: three entities of the backfilled view whose
   * rows stay valid longest, each a day ago and now, joined point in time with that view's first
   * features; the output (CSV) is printed.
   */
  private void trainingSet(
      Project project,
      List<FeatureView> backfilled,
      Path data,
      String registryUrl,
      String offlineRoot,
      Instant end,
      PrintWriter out) {
    FeatureView view = longestLived(backfilled);
    Map<String, List<Value>> keys = FoodDeliveryGenerator.entityKeys(view, 3);
    StringBuilder csv = new StringBuilder(String.join(",", keys.keySet()) + ",event_timestamp\n");
    for (Instant at : List.of(end.minus(Duration.ofDays(1)), end)) {
      for (int row = 0; row < 3; row++) {
        for (List<Value> column : keys.values()) {
          csv.append(plain(column.get(row))).append(',');
        }
        csv.append(at).append('\n');
      }
    }
    Path entities = data.resolve("training_entities.csv");
    Path output = data.resolve("training_set.csv");
    try {
      Files.writeString(entities, csv);
      out.println();
      larder(
          out,
          "training-set",
          "--entities",
          entities.toString(),
          "--features",
          String.join(",", sampleFeatures(view)),
          "--out",
          output.toString(),
          "--project",
          project.name(),
          "--offline-root",
          offlineRoot,
          "--registry-url",
          registryUrl);
      out.println("Training set (" + output + "):");
      out.print(Files.readString(output));
    } catch (IOException e) {
      throw new LarderException("quickstart stopped: cannot write or read " + data + ": " + e);
    }
    out.flush();
  }

  /** The view whose rows stay valid longest: no ttl, else the longest. */
  private static FeatureView longestLived(List<FeatureView> views) {
    return views.stream()
        .max(Comparator.comparing(v -> v.ttl().orElse(ChronoUnit.FOREVER.getDuration())))
        .orElseThrow();
  }

  /** A sample of a view's features, as references: its first three. */
  private static List<String> sampleFeatures(FeatureView view) {
    return view.features().stream().limit(3).map(f -> view.name() + ":" + f.name()).toList();
  }

  /** Runs another larder command in this process, its output shown as part of quickstart's. */
  private void larder(PrintWriter out, String... args) {
    out.println(
        "$ larder "
            + String.join(" ", args)
                .replaceAll(" --registry-url \\S+| --redis-url \\S+| --offline-root \\S+", ""));
    out.flush();
    CommandLine cli = LarderCli.commandLine(args);
    cli.setOut(out);
    cli.setErr(spec.commandLine().getErr());
    cli.setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler());
    int exit = cli.execute(args);
    if (exit != 0) {
      throw new LarderException("quickstart stopped: larder " + args[0] + " failed (see above)");
    }
  }

  private void pushSampleRows(ConfigurableApplicationContext context, PrintWriter out)
      throws Exception {
    PushService pushes = context.getBean(PushService.class);
    int maxRows = context.getBean(LarderServerProperties.class).serving().maxRows();
    FoodDeliveryGenerator generator = new FoodDeliveryGenerator(42, Clock.systemUTC());
    for (Project project : context.getBean(CatalogHolder.class).get().projects()) {
      for (FeatureView view : project.latestViews()) {
        if (view.source() != null) {
          continue; // computed from raw events above
        }
        Map<String, List<Value>> rows = generator.rows(view, entities);
        long written = 0;
        for (Map<String, List<Value>> chunk : chunks(rows, maxRows)) {
          PushFeaturesResponse r =
              pushes.push(view, chunk, PushTarget.ONLINE).get(30, TimeUnit.SECONDS);
          written += r.getRowsWritten();
        }
        out.printf(
            "Pushed %,d generated rows to %s:%s (%,d newer than what Redis held)%n",
            entities, project.name(), view.qualifiedName(), written);
      }
    }
    out.flush();
  }

  static List<Map<String, List<Value>>> chunks(Map<String, List<Value>> columns, int size) {
    int rows = columns.values().iterator().next().size();
    List<Map<String, List<Value>>> chunks = new ArrayList<>();
    for (int from = 0; from < rows; from += size) {
      int to = Math.min(rows, from + size);
      Map<String, List<Value>> chunk = new LinkedHashMap<>();
      for (Map.Entry<String, List<Value>> column : columns.entrySet()) {
        chunk.put(column.getKey(), column.getValue().subList(from, to));
      }
      chunks.add(chunk);
    }
    return chunks;
  }

  private static void showSampleRequest(CatalogHolder catalog, int httpPort, PrintWriter out)
      throws IOException, InterruptedException {
    Project project = catalog.get().projects().iterator().next();
    if (project.latestViews().isEmpty()) {
      throw new LarderException("project " + project.name() + " has no views");
    }
    // The view whose rows stay fresh longest, so the printed request answers PRESENT for a while.
    FeatureView view = longestLived(project.latestViews());
    List<String> features = sampleFeatures(view);
    Map<String, List<Value>> keys = FoodDeliveryGenerator.entityKeys(view, 3);
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("project", project.name());
    request.put("features", features);
    Map<String, Object> entities = new LinkedHashMap<>();
    keys.forEach(
        (name, values) ->
            entities.put(name, values.stream().map(QuickstartCommand::plain).toList()));
    request.put("entities", entities);
    String body = json.writeValueAsString(request);

    out.println();
    out.println("The REST equivalent of a gRPC GetOnlineFeatures call:");
    out.println(
        "  curl -s http://127.0.0.1:"
            + httpPort
            + "/get-online-features -H 'Content-Type: application/json' -d '"
            + body
            + "'");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/get-online-features"))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode answer = json.readTree(response.body());
    out.println("Answer (HTTP " + response.statusCode() + "):");
    out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
    out.flush();
    if (response.statusCode() != 200) {
      throw new LarderException(
          "the sample request failed with HTTP " + response.statusCode() + ": " + response.body());
    }
  }

  private static Object plain(Value v) {
    return switch (v.getKindCase()) {
      case STRING_VAL -> v.getStringVal();
      case INT64_VAL -> v.getInt64Val();
      case INT32_VAL -> v.getInt32Val();
      default ->
          throw new IllegalArgumentException(
              "join keys are STRING, INT32 or INT64, not " + v.getKindCase());
    };
  }
}
