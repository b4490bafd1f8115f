package dev.larder.registry.client;

import com.google.protobuf.Message;
import dev.larder.proto.registry.v1.ApplyRequest;
import dev.larder.proto.registry.v1.ApplyResponse;
import dev.larder.proto.registry.v1.History;
import dev.larder.proto.registry.v1.MaterializationEntry;
import dev.larder.proto.registry.v1.Materializations;
import dev.larder.proto.registry.v1.ProjectRevisions;
import dev.larder.proto.registry.v1.RecordMaterializationRequest;
import dev.larder.proto.registry.v1.RegisteredDefinitions;
import dev.larder.proto.registry.v1.RegistryError;
import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.RegisteredProject;
import dev.larder.registry.Registry;
import dev.larder.registry.RegistrySnapshot;
import dev.larder.registry.RevisionRecord;
import dev.larder.registry.diff.ChangePlan;
import dev.larder.registry.diff.ChangePlanner;
import dev.larder.registry.diff.ObjectKind;
import dev.larder.registry.errors.BreakingChangeException;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.errors.LarderException;
import dev.larder.registry.errors.RegistryConflictException;
import dev.larder.registry.errors.RegistryUnavailableException;
import dev.larder.registry.errors.UnknownProjectException;
import dev.larder.registry.load.DefinitionProtos;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.Project;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry through its REST API ({@code http://host:port}, served by a feature server). Plans
 * are made here with the same {@link ChangePlanner} as a database registry; applies send the
 * planned definitions with their base revision, and the server plans them again before writing.
 * Thread-safe; every call has a timeout.
 */
public final class HttpRegistry implements Registry {

  /** How long a call may take, connection included. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final String base;
  private final HttpClient http;

  /**
   * @param url the server, e.g. {@code http://registry:8080}
   */
  public HttpRegistry(String url) {
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public Map<String, Long> revisions() {
    ProjectRevisions r = get("/projects", ProjectRevisions.newBuilder());
    return new LinkedHashMap<>(new TreeMap<>(r.getRevisionsMap()));
  }

  @Override
  public Optional<RegisteredProject> project(String name) {
    try {
      RegisteredDefinitions d =
          get("/projects/" + encode(name), RegisteredDefinitions.newBuilder());
      return Optional.of(
          new RegisteredProject(DefinitionProtos.fromProto(d.getDefinitions()), d.getRevision()));
    } catch (UnknownProjectException e) {
      return Optional.empty();
    }
  }

  @Override
  public RegistrySnapshot snapshot() {
    List<Project> projects = new ArrayList<>();
    Map<String, Long> revisions = new LinkedHashMap<>();
    for (String name : revisions().keySet()) {
      project(name)
          .ifPresent(
              p -> {
                projects.add(p.project());
                revisions.put(name, p.revision());
              });
    }
    return new RegistrySnapshot(new FeatureCatalog(projects), revisions);
  }

  @Override
  public long apply(ChangePlan plan, String appliedBy) {
    plan.requireNoBreakingChanges();
    if (plan.isEmpty()) {
      return plan.baseRevision();
    }
    ApplyRequest request =
        ApplyRequest.newBuilder()
            .setDefinitions(DefinitionProtos.toProto(plan.result()))
            .setBaseRevision(plan.baseRevision())
            .setAppliedBy(appliedBy)
            .build();
    ApplyResponse r =
        send(
            HttpRequest.newBuilder(uri("/projects/" + encode(plan.project()) + "/apply"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RegistryApi.json(request))),
            ApplyResponse.newBuilder());
    return r.getRevision();
  }

  @Override
  public List<RevisionRecord> history(String project, ObjectKind kind, String name) {
    History h =
        get(
            "/projects/"
                + encode(project)
                + "/history?kind="
                + kind.name()
                + "&name="
                + encode(name),
            History.newBuilder());
    return h.getRevisionsList().stream().map(e -> RegistryApi.record(project, e)).toList();
  }

  @Override
  public MaterializedInterval recordMaterialization(
      String project,
      String view,
      int version,
      Instant start,
      Instant end,
      long rowsWritten,
      String by) {
    RecordMaterializationRequest request =
        RecordMaterializationRequest.newBuilder()
            .setStart(RegistryApi.timestamp(start))
            .setEnd(RegistryApi.timestamp(end))
            .setRowsWritten(rowsWritten)
            .setMaterializedBy(by)
            .build();
    MaterializationEntry e =
        send(
            HttpRequest.newBuilder(uri(RegistryApi.materializationsPath(project, view, version)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RegistryApi.json(request))),
            MaterializationEntry.newBuilder());
    return RegistryApi.interval(project, e);
  }

  @Override
  public List<MaterializedInterval> materializations(String project, String view, int version) {
    Materializations m =
        get(
            RegistryApi.materializationsPath(project, view, version),
            Materializations.newBuilder());
    return m.getMaterializationsList().stream().map(e -> RegistryApi.interval(project, e)).toList();
  }

  @Override
  public void close() {
    // The HTTP client holds no connection that needs closing on Java 17.
  }

  private <T extends Message> T get(String path, Message.Builder builder) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), builder);
  }

  private URI uri(String path) {
    return URI.create(base + RegistryApi.BASE_PATH + path);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private <T extends Message> T send(HttpRequest.Builder request, Message.Builder builder) {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request.timeout(DEFAULT_TIMEOUT).header("Accept", "application/json").build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "registry " + base + ": cannot reach it: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("registry " + base + ": interrupted", e);
    }
    if (response.statusCode() == 200) {
      return RegistryApi.parse(response.body(), builder);
    }
    throw error(response);
  }

  /** The exception an error answer stands for, so callers see what a database registry throws. */
  private LarderException error(HttpResponse<String> response) {
    RegistryError e;
    try {
      e = RegistryApi.parse(response.body(), RegistryError.newBuilder());
    } catch (InvalidArgumentException notJson) {
      e = RegistryError.newBuilder().setMessage(response.body()).build();
    }
    String message = e.getMessage();
    return switch (e.getCode()) {
      case "ABORTED" -> new RegistryConflictException(message);
      case "FAILED_PRECONDITION" -> new BreakingChangeException(e.getBreakingFieldsList());
      case "NOT_FOUND" -> new UnknownProjectException(message);
      case "INVALID_ARGUMENT" -> new InvalidArgumentException(message);
      default ->
          new RegistryUnavailableException(
              "registry " + base + " answered HTTP " + response.statusCode() + ": " + message,
              null);
    };
  }
}
