package dev.larder.server.registry;

import dev.larder.registry.RegisteredProject;
import dev.larder.registry.Registry;
import dev.larder.registry.RegistrySnapshot;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.Project;
import dev.larder.server.config.CatalogHolder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served definitions in step with the registry without a restart. Every poll interval it
 * reads each project's revision (one small query); only when one changed does it read that
 * project's definitions, build a new catalog beside the old one and swap it in at once, so requests
 * never wait for a reload nor see half of one. A registry that cannot be reached is logged and the
 * current definitions keep serving.
 *
 * <p>Runs on one daemon thread of its own; {@link #close()} stops it.
 */
public final class RegistryFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryFollower.class);

  private final Registry registry;
  private final CatalogHolder holder;
  private final ScheduledExecutorService poller;
  private final Timer reloadTime;
  private final Counter failedPolls;
  private volatile boolean failing;

  /**
   * Starts following.
   *
   * @param pollInterval how often to look for a new revision
   */
  public RegistryFollower(
      Registry registry, CatalogHolder holder, Duration pollInterval, MeterRegistry meters) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.holder = Objects.requireNonNull(holder, "holder");
    this.reloadTime =
        Timer.builder("larder.registry.reload")
            .description("Time to read and swap in definitions after a new revision")
            .register(meters);
    this.failedPolls =
        Counter.builder("larder.registry.poll.failures")
            .description("Polls of the registry that failed; the served definitions stayed")
            .register(meters);
    meters.gauge("larder.registry.projects", holder, h -> h.snapshot().revisions().size());
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "larder-registry-follower");
              t.setDaemon(true);
              return t;
            });
    long millis = pollInterval.toMillis();
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Looks for new revisions once and swaps them in; public so that tests need not wait. */
  public void poll() {
    try {
      Map<String, Long> revisions = registry.revisions();
      RegistrySnapshot current = holder.snapshot();
      if (revisions.equals(current.revisions())) {
        recovered();
        return;
      }
      long start = System.nanoTime();
      RegistrySnapshot next = reload(current, revisions);
      holder.swap(next);
      reloadTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      log.info(
          "serving new definitions {} (were {}), read in {} ms",
          next.revisions(),
          current.revisions(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      recovered();
    } catch (RuntimeException e) {
      failedPolls.increment();
      if (!failing) {
        failing = true;
        log.warn("cannot read the registry; serving the definitions held: {}", e.getMessage());
      }
    }
  }

  private void recovered() {
    if (failing) {
      failing = false;
      log.info("the registry answers again");
    }
  }

  /** Reads only the projects whose revision changed; the others keep their objects. */
  private RegistrySnapshot reload(RegistrySnapshot current, Map<String, Long> revisions) {
    List<Project> projects = new ArrayList<>();
    Map<String, Long> read = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : revisions.entrySet()) {
      String name = e.getKey();
      if (e.getValue().equals(current.revisions().get(name))) {
        projects.add(current.catalog().project(name));
        read.put(name, e.getValue());
        continue;
      }
      // The project may have moved on again since the revisions were read: take what is there.
      registry
          .project(name)
          .ifPresent(
              (RegisteredProject p) -> {
                projects.add(p.project());
                read.put(name, p.revision());
              });
    }
    return new RegistrySnapshot(new FeatureCatalog(projects), read);
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
