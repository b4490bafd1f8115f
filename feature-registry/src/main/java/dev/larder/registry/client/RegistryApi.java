package dev.larder.registry.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.larder.proto.registry.v1.ApplyRequest;
import dev.larder.proto.registry.v1.MaterializationEntry;
import dev.larder.proto.registry.v1.RevisionEntry;
import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.RegisteredProject;
import dev.larder.registry.Registry;
import dev.larder.registry.RevisionRecord;
import dev.larder.registry.diff.ChangeKind;
import dev.larder.registry.diff.ChangePlanner;
import dev.larder.registry.diff.ObjectKind;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.errors.RegistryConflictException;
import dev.larder.registry.load.DefinitionProtos;
import dev.larder.registry.model.Project;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * What the registry REST API's two sides share: the JSON form of its messages (protobuf's JSON
 * mapping with the proto field names) and the conversions of history entries. Stateless and
 * thread-safe.
 */
public final class RegistryApi {

  /** The path every registry endpoint starts with. */
  public static final String BASE_PATH = "/registry/v1";

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private RegistryApi() {}

  public static String json(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("registry messages always print as JSON", e);
    }
  }

  /**
   * Parses a JSON body into {@code builder}'s message.
   *
   * @throws InvalidArgumentException naming the problem when the body is not that message
   */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T parse(String json, Message.Builder builder) {
    try {
      PARSER.merge(json, builder);
      return (T) builder.build();
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidArgumentException("the request body is not valid: " + e.getMessage());
    }
  }

  /** The path of a view version's materializations, after {@link #BASE_PATH}. */
  public static String materializationsPath(String project, String view, int version) {
    return "/projects/"
        + encode(project)
        + "/views/"
        + encode(view)
        + "/versions/"
        + version
        + "/materializations";
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  public static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  public static MaterializationEntry entry(MaterializedInterval m) {
    return MaterializationEntry.newBuilder()
        .setView(m.view())
        .setVersion(m.version())
        .setStart(timestamp(m.start()))
        .setEnd(timestamp(m.end()))
        .setRowsWritten(m.rowsWritten())
        .setMaterializedBy(m.materializedBy())
        .setMaterializedAt(timestamp(m.materializedAt()))
        .build();
  }

  public static MaterializedInterval interval(String project, MaterializationEntry e) {
    return new MaterializedInterval(
        project,
        e.getView(),
        e.getVersion(),
        instant(e.getStart()),
        instant(e.getEnd()),
        e.getRowsWritten(),
        e.getMaterializedBy(),
        instant(e.getMaterializedAt()));
  }

  public static RevisionEntry entry(RevisionRecord r) {
    return RevisionEntry.newBuilder()
        .setKind(r.kind().name())
        .setName(r.name())
        .setVersion(r.version())
        .setRevision(r.revision())
        .setProjectRevision(r.projectRevision())
        .setChange(r.change().name())
        .setContentHash(r.contentHash())
        .addAllDiff(r.diff())
        .setAppliedBy(r.appliedBy())
        .setAppliedAt(timestamp(r.appliedAt()))
        .build();
  }

  public static RevisionRecord record(String project, RevisionEntry e) {
    return new RevisionRecord(
        project,
        ObjectKind.valueOf(e.getKind()),
        e.getName(),
        e.getVersion(),
        e.getRevision(),
        e.getProjectRevision(),
        ChangeKind.valueOf(e.getChange()),
        e.getContentHash(),
        e.getDiffList(),
        e.getAppliedBy(),
        instant(e.getAppliedAt()));
  }

  /**
   * Serves an apply request: the request's definitions become the project's next revision, planned
   * here against the project as it is (the client's plan is not trusted), everything the
   * definitions leave out deleted.
   *
   * @return the project's revision after the apply
   * @throws RegistryConflictException when the project is no longer at the request's base revision
   * @throws dev.larder.registry.errors.BreakingChangeException naming every breaking field
   */
  public static long apply(Registry registry, String project, ApplyRequest request) {
    Project desired = DefinitionProtos.fromProto(request.getDefinitions());
    if (!desired.name().equals(project)) {
      throw new InvalidArgumentException(
          "definitions: they are of project '"
              + desired.name()
              + "', but were sent to project '"
              + project
              + "'");
    }
    Optional<RegisteredProject> current = registry.project(project);
    long revision = current.map(RegisteredProject::revision).orElse(0L);
    if (revision != request.getBaseRevision()) {
      throw new RegistryConflictException(
          "project "
              + project
              + " is at revision "
              + revision
              + ", but this apply was planned at revision "
              + request.getBaseRevision()
              + "; nothing was written: plan and apply again");
    }
    return registry.apply(
        ChangePlanner.plan(
            current.map(RegisteredProject::project).orElse(null), revision, desired, true),
        request.getAppliedBy());
  }
}
