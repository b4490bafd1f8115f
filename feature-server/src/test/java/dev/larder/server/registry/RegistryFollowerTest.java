package dev.larder.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.RegisteredProject;
import dev.larder.registry.Registry;
import dev.larder.registry.RegistrySnapshot;
import dev.larder.registry.RevisionRecord;
import dev.larder.registry.diff.ChangePlan;
import dev.larder.registry.diff.ObjectKind;
import dev.larder.registry.errors.RegistryUnavailableException;
import dev.larder.registry.model.Project;
import dev.larder.registry.store.Registries;
import dev.larder.server.TestRegistry;
import dev.larder.server.config.CatalogHolder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follower against a real registry (SQLite), counting what it reads. */
class RegistryFollowerTest {

  @TempDir Path dir;
  private String url;
  private CountingRegistry registry;
  private CatalogHolder holder;
  private RegistryFollower follower;
  private SimpleMeterRegistry meters;

  @BeforeEach
  void setUp() {
    url = TestRegistry.apply(TestRegistry.url(dir), TestRegistry.DEFINITIONS);
    registry = new CountingRegistry(Registries.open(url));
    holder = new CatalogHolder(registry.snapshot());
    meters = new SimpleMeterRegistry();
    // Polls are driven by the test; the schedule is far away.
    follower = new RegistryFollower(registry, holder, Duration.ofHours(1), meters);
  }

  @AfterEach
  void tearDown() {
    follower.close();
    registry.close();
  }

  @Test
  void withNothingNewAPollReadsOnlyTheRevisions() {
    RegistrySnapshot before = holder.snapshot();

    follower.poll();
    follower.poll();

    assertThat(registry.revisionReads.get()).isEqualTo(2);
    assertThat(registry.projectReads.get()).isZero();
    assertThat(holder.snapshot()).isSameAs(before);
  }

  @Test
  void aNewRevisionIsReadAndSwappedIn() {
    TestRegistry.apply(url, TestRegistry.ACTIVITY);

    follower.poll();

    assertThat(holder.snapshot().revisions()).containsExactly(Map.entry("shop", 2L));
    assertThat(holder.get().project("shop").view("user_activity").features()).hasSize(1);
    assertThat(registry.projectReads.get()).isEqualTo(1);
    assertThat(meters.get("larder.registry.reload").timer().count()).isEqualTo(1);
  }

  @Test
  void whileTheRegistryIsUnreachableTheHeldDefinitionsKeepServing() {
    RegistrySnapshot before = holder.snapshot();
    registry.unreachable.set(true);

    follower.poll();
    follower.poll();

    assertThat(holder.snapshot()).isSameAs(before);
    assertThat(meters.get("larder.registry.poll.failures").counter().count()).isEqualTo(2);
    registry.unreachable.set(false);
    follower.poll();
    assertThat(holder.snapshot()).isSameAs(before);
  }

  /** A real registry that counts reads, and can be made to fail as an unreachable one does. */
  private static final class CountingRegistry implements Registry {
    private final Registry real;
    final AtomicInteger revisionReads = new AtomicInteger();
    final AtomicInteger projectReads = new AtomicInteger();
    final AtomicBoolean unreachable = new AtomicBoolean();

    CountingRegistry(Registry real) {
      this.real = real;
    }

    @Override
    public Map<String, Long> revisions() {
      if (unreachable.get()) {
        throw new RegistryUnavailableException(
            "registry: cannot read project revisions", new IOException("refused"));
      }
      revisionReads.incrementAndGet();
      return real.revisions();
    }

    @Override
    public Optional<RegisteredProject> project(String name) {
      projectReads.incrementAndGet();
      return real.project(name);
    }

    @Override
    public RegistrySnapshot snapshot() {
      return real.snapshot();
    }

    @Override
    public ChangePlan plan(Project desired, boolean prune) {
      return real.plan(desired, prune);
    }

    @Override
    public long apply(ChangePlan plan, String appliedBy) {
      return real.apply(plan, appliedBy);
    }

    @Override
    public List<RevisionRecord> history(String project, ObjectKind kind, String name) {
      return real.history(project, kind, name);
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
      return real.recordMaterialization(project, view, version, start, end, rowsWritten, by);
    }

    @Override
    public List<MaterializedInterval> materializations(String project, String view, int version) {
      return real.materializations(project, view, version);
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
