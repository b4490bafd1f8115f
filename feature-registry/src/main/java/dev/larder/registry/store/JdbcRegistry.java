package dev.larder.registry.store;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.larder.proto.registry.v1.ProjectDefinitions;
import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.RegisteredProject;
import dev.larder.registry.Registry;
import dev.larder.registry.RegistrySnapshot;
import dev.larder.registry.RevisionRecord;
import dev.larder.registry.diff.ChangeKind;
import dev.larder.registry.diff.ChangePlan;
import dev.larder.registry.diff.ContentHash;
import dev.larder.registry.diff.FieldChange;
import dev.larder.registry.diff.ObjectChange;
import dev.larder.registry.diff.ObjectKind;
import dev.larder.registry.errors.RegistryConflictException;
import dev.larder.registry.errors.RegistryUnavailableException;
import dev.larder.registry.load.DefinitionProtos;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The registry in a SQL database: SQLite (a file, the local default) or PostgreSQL, with the same
 * SQL. Each call uses a connection of its own, so the class is thread-safe and several processes
 * can share one database; applies are serialized by a conditional update of the project's revision
 * (optimistic concurrency), which both databases make atomic.
 */
final class JdbcRegistry implements Registry {

  /** The version of the stored definitions' format (serialized {@link ProjectDefinitions}). */
  static final int DEFINITIONS_FORMAT = 1;

  private final String url;
  private final SqlDialect dialect;
  private final Clock clock;

  private JdbcRegistry(String url, SqlDialect dialect, Clock clock) {
    this.url = url;
    this.dialect = dialect;
    this.clock = clock;
  }

  /**
   * Opens the registry at a JDBC URL, creating a SQLite file's folder and bringing the schema up to
   * date.
   *
   * @throws RegistryUnavailableException when the database cannot be reached or migrated
   */
  static JdbcRegistry open(String url, Clock clock) {
    SqlDialect dialect = SqlDialect.of(url);
    if (dialect == SqlDialect.SQLITE) {
      SqliteNativeLibrary.useCachedCopy();
      createFolder(url.substring("jdbc:sqlite:".length()));
    }
    JdbcRegistry registry = new JdbcRegistry(url, dialect, clock);
    try (Connection c = registry.connect()) {
      SchemaMigrations.migrate(c, dialect);
    } catch (SQLException e) {
      throw registry.unavailable("open it", e);
    }
    return registry;
  }

  private static void createFolder(String file) {
    int query = file.indexOf('?');
    String path = query < 0 ? file : file.substring(0, query);
    if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(path).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the registry's folder " + parent, e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, dialect.connectionProperties());
  }

  private RegistryUnavailableException unavailable(String what, SQLException e) {
    return new RegistryUnavailableException(
        "registry " + redacted() + ": cannot " + what + ": " + e.getMessage(), e);
  }

  /** The URL without its query (which may hold a password). */
  private String redacted() {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  @Override
  public Map<String, Long> revisions() {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("SELECT name, revision FROM larder_projects ORDER BY name");
        ResultSet r = s.executeQuery()) {
      Map<String, Long> revisions = new LinkedHashMap<>();
      while (r.next()) {
        revisions.put(r.getString(1), r.getLong(2));
      }
      return revisions;
    } catch (SQLException e) {
      throw unavailable("read project revisions", e);
    }
  }

  @Override
  public Optional<RegisteredProject> project(String name) {
    List<RegisteredProject> found = readProjects(name);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public RegistrySnapshot snapshot() {
    List<RegisteredProject> projects = readProjects(null);
    return new RegistrySnapshot(
        new FeatureCatalog(projects.stream().map(RegisteredProject::project).toList()),
        projects.stream()
            .collect(Collectors.toMap(p -> p.project().name(), RegisteredProject::revision)));
  }

  /** Current definitions of one project, or of all when {@code name} is null, in one query. */
  private List<RegisteredProject> readProjects(String name) {
    String sql =
        "SELECT p.name, p.revision, r.format, r.definitions FROM larder_projects p"
            + " JOIN larder_project_revisions r ON r.project = p.name AND r.revision = p.revision"
            + (name == null ? "" : " WHERE p.name = ?")
            + " ORDER BY p.name";
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (name != null) {
        s.setString(1, name);
      }
      List<RegisteredProject> projects = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          projects.add(
              new RegisteredProject(
                  definitions(r.getString(1), r.getLong(2), r.getInt(3), r.getBytes(4)),
                  r.getLong(2)));
        }
      }
      return projects;
    } catch (SQLException e) {
      throw unavailable("read definitions", e);
    }
  }

  private static Project definitions(String project, long revision, int format, byte[] bytes) {
    if (format != DEFINITIONS_FORMAT) {
      throw new IllegalStateException(
          "project "
              + project
              + " revision "
              + revision
              + " is stored in format "
              + format
              + "; this Larder reads only format "
              + DEFINITIONS_FORMAT
              + " (written by a newer Larder?)");
    }
    try {
      return DefinitionProtos.fromProto(ProjectDefinitions.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "project " + project + " revision " + revision + " is not readable: " + e.getMessage(),
          e);
    }
  }

  @Override
  public long apply(ChangePlan plan, String appliedBy) {
    plan.requireNoBreakingChanges();
    if (plan.isEmpty()) {
      return plan.baseRevision();
    }
    long revision = plan.baseRevision() + 1;
    long now = clock.millis();
    byte[] definitions = DefinitionProtos.toProto(plan.result()).toByteArray();
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        if (!advanceRevision(c, plan, revision, now)) {
          c.rollback();
          throw conflict(c, plan);
        }
        insertProjectRevision(c, plan, revision, appliedBy, now, definitions);
        for (ObjectChange change : plan.changes()) {
          insertObjectRevision(c, plan.project(), change, revision, appliedBy, now);
        }
        c.commit();
        return revision;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw unavailable("apply to project " + plan.project(), e);
    }
  }

  /** Moves the project from the plan's base revision to the next; false when it has moved. */
  private static boolean advanceRevision(Connection c, ChangePlan plan, long revision, long now)
      throws SQLException {
    if (plan.baseRevision() == 0) {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO larder_projects (name, revision, updated_at) VALUES (?, ?, ?)"
                  + " ON CONFLICT (name) DO NOTHING")) {
        s.setString(1, plan.project());
        s.setLong(2, revision);
        s.setLong(3, now);
        return s.executeUpdate() == 1;
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE larder_projects SET revision = ?, updated_at = ? WHERE name = ? AND revision = ?")) {
      s.setLong(1, revision);
      s.setLong(2, now);
      s.setString(3, plan.project());
      s.setLong(4, plan.baseRevision());
      return s.executeUpdate() == 1;
    }
  }

  private RegistryConflictException conflict(Connection c, ChangePlan plan) throws SQLException {
    String newest = "";
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT revision, applied_by, applied_at FROM larder_project_revisions"
                + " WHERE project = ? ORDER BY revision DESC LIMIT 1")) {
      s.setString(1, plan.project());
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          newest =
              " is at revision "
                  + r.getLong(1)
                  + " (applied by "
                  + r.getString(2)
                  + " at "
                  + Instant.ofEpochMilli(r.getLong(3))
                  + ")";
        }
      }
    }
    return new RegistryConflictException(
        "project "
            + plan.project()
            + (newest.isEmpty() ? " was changed by another apply" : newest)
            + ", but this plan was made at revision "
            + plan.baseRevision()
            + "; nothing was written: plan and apply again");
  }

  private static void insertProjectRevision(
      Connection c, ChangePlan plan, long revision, String appliedBy, long now, byte[] definitions)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO larder_project_revisions (project, revision, applied_by, applied_at,"
                + " content_hash, format, definitions, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, plan.project());
      s.setLong(2, revision);
      s.setString(3, appliedBy);
      s.setLong(4, now);
      s.setString(5, ContentHash.of(definitions));
      s.setInt(6, DEFINITIONS_FORMAT);
      s.setBytes(7, definitions);
      s.setString(
          8, plan.changes().stream().map(ObjectChange::toString).collect(Collectors.joining("\n")));
      s.executeUpdate();
    }
  }

  private static void insertObjectRevision(
      Connection c, String project, ObjectChange change, long projectRevision, String by, long now)
      throws SQLException {
    int revision;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT COALESCE(MAX(revision), 0) FROM larder_object_revisions"
                + " WHERE project = ? AND kind = ? AND name = ? AND version = ?")) {
      s.setString(1, project);
      s.setString(2, change.kind().name());
      s.setString(3, change.name());
      s.setInt(4, change.version());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        revision = r.getInt(1) + 1;
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO larder_object_revisions (project, kind, name, version, revision,"
                + " project_revision, change, content_hash, diff, applied_by, applied_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, project);
      s.setString(2, change.kind().name());
      s.setString(3, change.name());
      s.setInt(4, change.version());
      s.setInt(5, revision);
      s.setLong(6, projectRevision);
      s.setString(7, change.change().name());
      s.setString(8, change.contentHash());
      s.setString(
          9, change.fields().stream().map(FieldChange::toString).collect(Collectors.joining("\n")));
      s.setString(10, by);
      s.setLong(11, now);
      s.executeUpdate();
    }
  }

  @Override
  public List<RevisionRecord> history(String project, ObjectKind kind, String name) {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT version, revision, project_revision, change, content_hash, diff,"
                    + " applied_by, applied_at FROM larder_object_revisions"
                    + " WHERE project = ? AND kind = ? AND name = ? ORDER BY version, revision")) {
      s.setString(1, project);
      s.setString(2, kind.name());
      s.setString(3, name);
      List<RevisionRecord> records = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String diff = r.getString(6);
          records.add(
              new RevisionRecord(
                  project,
                  kind,
                  name,
                  r.getInt(1),
                  r.getInt(2),
                  r.getLong(3),
                  ChangeKind.valueOf(r.getString(4)),
                  r.getString(5),
                  diff.isEmpty() ? List.of() : Arrays.asList(diff.split("\n")),
                  r.getString(7),
                  Instant.ofEpochMilli(r.getLong(8))));
        }
      }
      return records;
    } catch (SQLException e) {
      throw unavailable("read history", e);
    }
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
    MaterializedInterval m =
        MaterializationTable.checked(
            project, view, version, start, end, rowsWritten, by, clock.instant());
    try (Connection c = connect()) {
      MaterializationTable.insert(c, m);
      return m;
    } catch (SQLException e) {
      throw unavailable("record a materialization of " + project + ":" + view + "@v" + version, e);
    }
  }

  @Override
  public List<MaterializedInterval> materializations(String project, String view, int version) {
    try (Connection c = connect()) {
      return MaterializationTable.select(c, project, view, version);
    } catch (SQLException e) {
      throw unavailable("read materializations of " + project + ":" + view + "@v" + version, e);
    }
  }

  @Override
  public void close() {
    // Connections are per call; nothing is held open.
  }
}
