package dev.larder.storage.training;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Project;
import dev.larder.storage.offline.DataFile;
import dev.larder.storage.offline.OfflineSnapshot;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.OfflineStoreException;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TimeRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The training-set engine: three passes, none of which holds the entity file's rows in memory.
 *
 * <ol>
 *   <li>Read the entity file's join keys and times only (column projection): a dense entity id and
 *       a time per row, 12 bytes a row, plus one dictionary entry per distinct entity.
 *   <li>Per view, in parallel: read the table files that can match (partitions and statistics
 *       pruned by the entities' time range and key bounds), keeping only the requested features of
 *       rows of known entities, then match each entity row to its row with a {@link
 *       PointInTimeMatcher}.
 *   <li>Stream the entity file again, batch by batch in input order, and write each row with its
 *       columns and its matched feature values.
 * </ol>
 *
 * Thread-safe: a run keeps its state on its own stack.
 */
final class PointInTimeJoin implements TrainingSetEngine {

  private final OfflineStore store;
  private final Supplier<FeatureCatalog> catalog;
  private final PointInTimeMatcher matcher;
  private final ViewFileReader files = new ViewFileReader();

  PointInTimeJoin(
      OfflineStore store, Supplier<FeatureCatalog> catalog, PointInTimeMatcher matcher) {
    this.store = store;
    this.catalog = catalog;
    this.matcher = matcher;
  }

  @Override
  public TrainingSetResult run(TrainingSetRequest request) {
    long started = System.nanoTime();
    TrainingSetLineage asOf =
        request.asOf() == null ? null : TrainingSetLineage.read(request.asOf());
    String projectName =
        request.project() != null && !request.project().isEmpty()
            ? request.project()
            : asOf != null ? asOf.project() : null;
    Project project = catalog.get().project(projectName);
    List<FeatureRef> refs =
        request.featureService() != null
            ? project.featureService(request.featureService()).features()
            : request.features().stream().map(FeatureRef::parse).toList();
    if (refs.isEmpty()) {
      throw new InvalidArgumentException("features: the request names no feature");
    }
    TrainingSetPlan plan = TrainingSetPlan.resolve(project, refs, request.fullFeatureNames());
    EntitySource source = EntitySource.open(request.entities(), plan.joinKeys());
    List<String> columnNames = source.columns().stream().map(EntityColumn::name).toList();
    checkColumns(source.columns(), plan);

    List<OfflineSnapshot> snapshots = new ArrayList<>();
    for (TrainingSetPlan.ViewPart part : plan.views()) {
      snapshots.add(snapshot(part.view(), asOf));
    }

    List<EntityKeys> keyGroups =
        EntityKeys.distinct(
            plan.views().stream().map(p -> p.view().joinKeys()).toList(), columnNames);
    EntityTimes times = readKeys(source, columnNames, keyGroups);

    ViewRows[] rows = new ViewRows[plan.views().size()];
    int[][] matches = new int[plan.views().size()][];
    joinViews(plan, snapshots, keyGroups, times, rows, matches);

    Path output = request.output();
    try {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      JoinedRows joined = new JoinedRows(source.columns(), plan, rows, matches);
      try (TrainingSetWriter writer = TrainingSetWriter.open(request.format(), output, joined)) {
        boolean[] all = new boolean[columnNames.size()];
        Arrays.fill(all, true);
        source.read(
            all,
            batch -> {
              try {
                writer.write(batch);
              } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + output, e);
              }
            });
      }
      TrainingSetLineage lineage = lineage(request, project, plan, snapshots);
      Files.writeString(request.lineageFile(), lineage.toJson(), StandardCharsets.UTF_8);
      return new TrainingSetResult(
          output, request.lineageFile(), times.count, lineage, System.nanoTime() - started);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output, e);
    }
  }

  /** Every entity row's time, and the range they span. */
  private static final class EntityTimes {
    long[] times = new long[1024];
    int count;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
  }

  private static EntityTimes readKeys(
      EntitySource source, List<String> columnNames, List<EntityKeys> keyGroups) {
    boolean[] wanted = new boolean[columnNames.size()];
    int timeColumn = columnNames.indexOf(EntitySource.EVENT_TIMESTAMP);
    wanted[timeColumn] = true;
    for (EntityKeys group : keyGroups) {
      for (int c : group.columns) {
        wanted[c] = true;
      }
    }
    EntityTimes times = new EntityTimes();
    source.read(
        wanted,
        batch -> {
          ColumnVector[] columns = batch.columns();
          long[] t = columns[timeColumn].longs;
          for (int r = 0; r < batch.rows(); r++) {
            int at = times.count;
            if (at == times.times.length) {
              if (at == Integer.MAX_VALUE - 8) {
                throw new InvalidArgumentException(
                    "entities: more than " + at + " rows; split the entity file");
              }
              times.times =
                  Arrays.copyOf(times.times, (int) Math.min(at * 3L / 2, Integer.MAX_VALUE - 8));
            }
            times.times[at] = t[r];
            times.min = Math.min(times.min, t[r]);
            times.max = Math.max(times.max, t[r]);
            for (EntityKeys group : keyGroups) {
              group.add(columns, r, at);
            }
            times.count++;
          }
        });
    return times;
  }

  /**
   * Reads and matches every view on all cores: a task per view file (the files of a view are many
   * and alike, so the cores stay busy however many views there are), then a task per view that puts
   * its files' rows together and matches the entity rows against them.
   */
  private void joinViews(
      TrainingSetPlan plan,
      List<OfflineSnapshot> snapshots,
      List<EntityKeys> keyGroups,
      EntityTimes times,
      ViewRows[] rows,
      int[][] matches) {
    int views = plan.views().size();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            r -> {
              Thread t = new Thread(r, "larder-training-set");
              t.setDaemon(true);
              return t;
            });
    try {
      List<List<Future<ViewRows>>> reads = new ArrayList<>();
      for (int v = 0; v < views; v++) {
        TrainingSetPlan.ViewPart part = plan.views().get(v);
        EntityKeys keys = group(keyGroups, part.view().joinKeys());
        reads.add(readView(pool, part, snapshots.get(v), keys, times));
      }
      List<Future<?>> done = new ArrayList<>();
      for (int v = 0; v < views; v++) {
        int view = v;
        TrainingSetPlan.ViewPart part = plan.views().get(view);
        EntityKeys keys = group(keyGroups, part.view().joinKeys());
        List<ViewRows> fileRows = new ArrayList<>();
        for (Future<ViewRows> read : reads.get(view)) {
          fileRows.add(read.get());
        }
        done.add(
            pool.submit(
                () -> {
                  rows[view] = ViewRows.concat(features(part), fileRows);
                  matches[view] =
                      matcher.match(
                          new MatchInput(
                              times.count,
                              keys.ids,
                              times.times,
                              rows[view].count,
                              rows[view].keyIds,
                              rows[view].eventTimes,
                              rows[view].createdTimes,
                              rows[view].sequences,
                              keys.dictionary.size(),
                              ttlMicros(part.view())));
                  rows[view].releaseMatchColumns();
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OfflineStoreException("interrupted while joining views", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new OfflineStoreException("joining views failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Starts reading the view's files that can match, a task per file; an empty list if none can. */
  private List<Future<ViewRows>> readView(
      ExecutorService pool,
      TrainingSetPlan.ViewPart part,
      OfflineSnapshot snapshot,
      EntityKeys keys,
      EntityTimes times) {
    if (snapshot == null || times.count == 0 || keys.dictionary.size() == 0) {
      return List.of();
    }
    FeatureView view = part.view();
    long ttl = ttlMicros(view);
    long minEvent = ttl == PointInTimeIndex.NO_TTL ? Long.MIN_VALUE : times.min - ttl;
    long maxEvent = times.max;
    ReadFilter filter = ReadFilter.all().withKeyBounds(keys.bounds());
    if (ttl != PointInTimeIndex.NO_TTL) {
      filter = filter.withRange(new TimeRange(instant(minEvent), instant(maxEvent + 1)));
    }
    List<DataFile> dataFiles = snapshot.files(filter);
    List<Future<ViewRows>> reads = new ArrayList<>();
    for (int i = 0; i < dataFiles.size(); i++) {
      int fileIndex = i;
      reads.add(
          pool.submit(
              () -> {
                ViewRows rows = new ViewRows(features(part));
                files.read(
                    view,
                    part.features(),
                    dataFiles.get(fileIndex),
                    fileIndex,
                    keys.dictionary,
                    minEvent,
                    maxEvent,
                    rows);
                return rows;
              }));
    }
    return reads;
  }

  private static List<Feature> features(TrainingSetPlan.ViewPart part) {
    return Arrays.stream(part.features()).mapToObj(f -> part.view().features().get(f)).toList();
  }

  private OfflineSnapshot snapshot(FeatureView view, TrainingSetLineage asOf) {
    if (asOf == null) {
      return store.snapshot(view);
    }
    OptionalLong version = asOf.tableVersion(view.name(), view.version());
    if (version.isEmpty()) {
      throw new InvalidArgumentException(
          "as-of: the lineage records no table version of "
              + view.qualifiedName()
              + "; it was made for other features");
    }
    return version.getAsLong() < 0 ? null : store.snapshotAsOf(view, version.getAsLong());
  }

  private static void checkColumns(List<EntityColumn> columns, TrainingSetPlan plan) {
    List<String> names = columns.stream().map(EntityColumn::name).toList();
    if (!names.contains(EntitySource.EVENT_TIMESTAMP)) {
      throw new InvalidArgumentException(
          "entities: the file has no " + EntitySource.EVENT_TIMESTAMP + " column " + names);
    }
    for (var key : plan.joinKeys().entrySet()) {
      int c = names.indexOf(key.getKey());
      if (c < 0) {
        throw new InvalidArgumentException(
            "entities: the file has no column for join key '" + key.getKey() + "' " + names);
      }
      ColumnVector.Kind kind = columns.get(c).kind();
      boolean fits =
          key.getValue() == ValueType.STRING
              ? kind == ColumnVector.Kind.BINARY
              : kind == ColumnVector.Kind.INT32 || kind == ColumnVector.Kind.INT64;
      if (!fits) {
        throw new InvalidArgumentException(
            "entities: column '"
                + key.getKey()
                + "' holds "
                + columns.get(c).type().getPrimitiveTypeName()
                + " values, but the join key is "
                + key.getValue());
      }
    }
    for (TrainingSetPlan.FeatureColumn feature : plan.columns()) {
      if (names.contains(feature.name())) {
        throw new InvalidArgumentException(
            "features: feature column '"
                + feature.name()
                + "' collides with the entity file's column of that name; rename the column or"
                + " ask for full feature names (view__feature)");
      }
    }
  }

  private static EntityKeys group(List<EntityKeys> groups, List<JoinKey> joinKeys) {
    return groups.stream().filter(g -> g.joinKeys.equals(joinKeys)).findFirst().orElseThrow();
  }

  private static long ttlMicros(FeatureView view) {
    return view.ttl()
        .map(
            ttl ->
                Math.addExact(
                    Math.multiplyExact(ttl.getSeconds(), 1_000_000L), ttl.getNano() / 1000))
        .orElse(PointInTimeIndex.NO_TTL);
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  private static TrainingSetLineage lineage(
      TrainingSetRequest request,
      Project project,
      TrainingSetPlan plan,
      List<OfflineSnapshot> snapshots) {
    List<TrainingSetLineage.ViewRead> views = new ArrayList<>();
    for (int v = 0; v < plan.views().size(); v++) {
      TrainingSetPlan.ViewPart part = plan.views().get(v);
      OfflineSnapshot snapshot = snapshots.get(v);
      views.add(
          new TrainingSetLineage.ViewRead(
              part.view().name(),
              part.view().version(),
              snapshot == null ? -1 : snapshot.version(),
              part.featureNames()));
    }
    return new TrainingSetLineage(
        TrainingSetLineage.FORMAT_VERSION,
        project.name(),
        request.features(),
        request.featureService(),
        request.fullFeatureNames(),
        request.entities().toString(),
        request.format(),
        views);
  }
}
