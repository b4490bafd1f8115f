package dev.larder.server.api.rest;

import dev.larder.proto.registry.v1.ApplyRequest;
import dev.larder.proto.registry.v1.ApplyResponse;
import dev.larder.proto.registry.v1.History;
import dev.larder.proto.registry.v1.Materializations;
import dev.larder.proto.registry.v1.ProjectRevisions;
import dev.larder.proto.registry.v1.RecordMaterializationRequest;
import dev.larder.proto.registry.v1.RegisteredDefinitions;
import dev.larder.proto.registry.v1.RegistryError;
import dev.larder.registry.RegisteredProject;
import dev.larder.registry.Registry;
import dev.larder.registry.client.RegistryApi;
import dev.larder.registry.diff.ObjectKind;
import dev.larder.registry.errors.BreakingChangeException;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.errors.UnknownProjectException;
import dev.larder.registry.load.DefinitionProtos;
import dev.larder.server.api.StatusMapper;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The registry REST API (read and apply), in front of the registry this server follows. Bodies are
 * the messages of {@code larder/registry/v1/registry_api.proto} in protobuf's JSON mapping; {@link
 * dev.larder.registry.client.HttpRegistry} is its Java client.
 */
@RestController
@RequestMapping(path = RegistryApi.BASE_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
public class RegistryController {

  private static final Logger log = LoggerFactory.getLogger(RegistryController.class);

  private final Registry registry;

  public RegistryController(Registry registry) {
    this.registry = registry;
  }

  @GetMapping("/projects")
  public String projects() {
    return RegistryApi.json(
        ProjectRevisions.newBuilder().putAllRevisions(registry.revisions()).build());
  }

  @GetMapping("/projects/{project}")
  public String project(@PathVariable String project) {
    RegisteredProject p =
        registry
            .project(project)
            .orElseThrow(
                () -> new UnknownProjectException("the registry has no project '" + project + "'"));
    return RegistryApi.json(
        RegisteredDefinitions.newBuilder()
            .setRevision(p.revision())
            .setDefinitions(DefinitionProtos.toProto(p.project()))
            .build());
  }

  @GetMapping("/projects/{project}/history")
  public String history(
      @PathVariable String project,
      @RequestParam(defaultValue = "FEATURE_VIEW") String kind,
      @RequestParam String name) {
    ObjectKind k;
    try {
      k = ObjectKind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(
          "kind: '" + kind + "' is none of " + Arrays.toString(ObjectKind.values()));
    }
    History.Builder h = History.newBuilder();
    registry.history(project, k, name).forEach(r -> h.addRevisions(RegistryApi.entry(r)));
    return RegistryApi.json(h.build());
  }

  @PostMapping(path = "/projects/{project}/apply", consumes = MediaType.APPLICATION_JSON_VALUE)
  public String apply(@PathVariable String project, @RequestBody String body) {
    ApplyRequest request = RegistryApi.parse(body, ApplyRequest.newBuilder());
    long revision = RegistryApi.apply(registry, project, request);
    return RegistryApi.json(ApplyResponse.newBuilder().setRevision(revision).build());
  }

  @GetMapping("/projects/{project}/views/{view}/versions/{version}/materializations")
  public String materializations(
      @PathVariable String project, @PathVariable String view, @PathVariable int version) {
    Materializations.Builder m = Materializations.newBuilder();
    registry
        .materializations(project, view, version)
        .forEach(i -> m.addMaterializations(RegistryApi.entry(i)));
    return RegistryApi.json(m.build());
  }

  @PostMapping(
      path = "/projects/{project}/views/{view}/versions/{version}/materializations",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  public String recordMaterialization(
      @PathVariable String project,
      @PathVariable String view,
      @PathVariable int version,
      @RequestBody String body) {
    RecordMaterializationRequest r =
        RegistryApi.parse(body, RecordMaterializationRequest.newBuilder());
    return RegistryApi.json(
        RegistryApi.entry(
            registry.recordMaterialization(
                project,
                view,
                version,
                RegistryApi.instant(r.getStart()),
                RegistryApi.instant(r.getEnd()),
                r.getRowsWritten(),
                r.getMaterializedBy())));
  }

  @ExceptionHandler(Throwable.class)
  public ResponseEntity<String> failed(Throwable t) {
    StatusMapper.Outcome outcome = StatusMapper.outcome(t);
    if (outcome == StatusMapper.Outcome.INTERNAL) {
      log.error("registry request failed", StatusMapper.unwrap(t));
    }
    RegistryError.Builder error =
        RegistryError.newBuilder()
            .setCode(outcome.grpcCode().name())
            .setMessage(StatusMapper.message(t));
    if (StatusMapper.unwrap(t) instanceof BreakingChangeException b) {
      error.addAllBreakingFields(b.fields());
    }
    return ResponseEntity.status(outcome.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(RegistryApi.json(error.build()));
  }
}
