package dev.larder.server.serving;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Project;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a few reads of an entity no one has through the whole read path before the server reports
 * ready. A cold JVM's first reads load and compile the Redis client's, the fallbacks' and the
 * answer's code; on a busy machine that takes longer than the store's deadline, so the first
 * requests of a new server were answered from fallbacks (DEFAULTED) although Redis held their rows.
 */
public final class ReadPathWarmUp {

  private static final Logger log = LoggerFactory.getLogger(ReadPathWarmUp.class);

  /** The join-key value read: an entity no one has. */
  static final String ENTITY = "larder-warm-up";

  private final Supplier<FeatureCatalog> catalog;
  private final OnlineFeatureService service;
  private final int reads;
  private final Duration budget;

  /**
   * @param reads how many reads of each project's first view
   * @param budget how long the warm-up may take in all; it stops early rather than delay start-up
   */
  public ReadPathWarmUp(
      Supplier<FeatureCatalog> catalog, OnlineFeatureService service, int reads, Duration budget) {
    this.catalog = catalog;
    this.service = service;
    this.reads = reads;
    this.budget = budget;
  }

  /** Runs the reads, one after another; returns how many answered within the budget. */
  public int run() {
    long deadline = System.nanoTime() + budget.toNanos();
    int answered = 0;
    for (Project project : catalog.get().projects()) {
      List<FeatureView> views = project.latestViews();
      if (views.isEmpty()) {
        continue;
      }
      FeatureView view = views.get(0);
      Map<String, List<Value>> entities = entities(view);
      if (entities == null) {
        continue;
      }
      List<String> features = new ArrayList<>();
      view.features().forEach(f -> features.add(view.name() + ":" + f.name()));
      FeaturePlan plan = service.plan(project.name(), features, "", false);
      for (int i = 0; i < reads; i++) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return answered;
        }
        try {
          service.read(plan, entities, System.nanoTime()).get(left, TimeUnit.NANOSECONDS);
          answered++;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return answered;
        } catch (ExecutionException | TimeoutException e) {
          log.info("Warm-up read of {} did not answer: {}", view.qualifiedName(), e.toString());
          return answered;
        }
      }
    }
    return answered;
  }

  /** One row of the made-up entity, typed as the view's join keys are; null for an odd type. */
  private static Map<String, List<Value>> entities(FeatureView view) {
    Map<String, List<Value>> entities = new LinkedHashMap<>();
    for (JoinKey key : view.joinKeys()) {
      Value value =
          switch (key.type()) {
            case STRING -> Value.newBuilder().setStringVal(ENTITY).build();
            case INT64 -> Value.newBuilder().setInt64Val(Long.MIN_VALUE).build();
            case INT32 -> Value.newBuilder().setInt32Val(Integer.MIN_VALUE).build();
            default -> null;
          };
      if (value == null) {
        return null;
      }
      entities.put(key.name(), List.of(value));
    }
    return entities;
  }
}
