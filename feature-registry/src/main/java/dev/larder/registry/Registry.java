package dev.larder.registry;

import dev.larder.registry.diff.ChangePlan;
import dev.larder.registry.diff.ChangePlanner;
import dev.larder.registry.diff.ObjectKind;
import dev.larder.registry.model.Project;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of feature definitions (DESIGN §3): every project's current definitions and every
 * revision ever applied. The one interface the server, the pipelines and the CLI use, whether the
 * registry is a database ({@code jdbc:sqlite:…}, {@code jdbc:postgresql:…}) or a registry REST API
 * ({@code http://…}); {@link dev.larder.registry.store.Registries#open(String)} picks the
 * implementation.
 *
 * <p>Implementations are thread-safe. Every call is bounded in time; a registry that cannot be
 * reached fails with {@link dev.larder.registry.errors.RegistryUnavailableException}.
 */
public interface Registry extends AutoCloseable {

  /**
   * Each project's current revision, by name. Cheap — one small query — so that servers can poll it
   * every second or two and reload only when something changed.
   */
  Map<String, Long> revisions();

  /** A project's current definitions (every version of every view) and revision. */
  Optional<RegisteredProject> project(String name);

  /** Every project's current definitions, read at one moment. */
  RegistrySnapshot snapshot();

  /**
   * Plans applying a folder's definitions of one project against its current revision.
   *
   * @param prune whether the plan deletes registered objects the folder does not name
   * @throws dev.larder.registry.errors.InvalidDefinitionException when the result would be
   *     inconsistent
   */
  default ChangePlan plan(Project desired, boolean prune) {
    Optional<RegisteredProject> current = project(desired.name());
    return ChangePlanner.plan(
        current.map(RegisteredProject::project).orElse(null),
        current.map(RegisteredProject::revision).orElse(0L),
        desired,
        prune);
  }

  /**
   * Applies a plan in one transaction, as a new revision of the project. Does nothing and returns
   * the current revision when the plan is empty.
   *
   * @param appliedBy who applies, recorded in the history
   * @return the project's revision after the apply
   * @throws dev.larder.registry.errors.BreakingChangeException naming every breaking field, when
   *     the plan changes a view's breaking fields without a new version; nothing is written
   * @throws dev.larder.registry.errors.RegistryConflictException when the project moved past the
   *     plan's base revision; nothing is written
   */
  long apply(ChangePlan plan, String appliedBy);

  /**
   * Every revision of an object, oldest first; for a feature view, of every version (by version,
   * then revision).
   */
  List<RevisionRecord> history(String project, ObjectKind kind, String name);

  /**
   * Records that the newest rows of {@code [start, end)} of a view version were materialized to the
   * online store. Intervals may overlap earlier ones; each is kept. Times are kept at microsecond
   * precision (rounded down).
   *
   * @param rowsWritten rows the online store stored (newer than what it held)
   * @param by who materialized, e.g. {@code user@host}
   * @return the interval as recorded, with the registry's time of recording
   * @throws dev.larder.registry.errors.InvalidArgumentException when {@code start} is not before
   *     {@code end} or {@code rowsWritten} is negative; nothing is recorded
   */
  MaterializedInterval recordMaterialization(
      String project,
      String view,
      int version,
      Instant start,
      Instant end,
      long rowsWritten,
      String by);

  /**
   * Every recorded materialization of a view version, in the order they were recorded (oldest
   * first); empty when there is none (also for an unknown view).
   */
  List<MaterializedInterval> materializations(String project, String view, int version);

  @Override
  void close();
}
