package dev.larder.pipelines.transform;

import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The late-events table of a view: events the streaming job could not apply in order, kept raw so
 * that the next backfill folds them in. It is an offline table like a view's, at {@code
 * {offline_root}/{project}/{view}__late_events/v{N}/}: the view's join keys, {@code
 * event_timestamp} (the event time), then every other source column under its own name and type, so
 * that reading it as a Delta source with the view's source schema gives back the events.
 */
public final class LateEvents implements Serializable {

  /** Appended to the view's name to name its late-events table. */
  public static final String SUFFIX = "__late_events";

  private static final long serialVersionUID = 1L;

  private final ViewProgram program;

  public LateEvents(ViewProgram program) {
    this.program = program;
  }

  /**
   * The directory of the late-events table of {@code view} under a local offline root, when it
   * holds a Delta table; empty for a root on another file system (read those with the store).
   */
  public static Optional<Path> localTable(String offlineRoot, FeatureView view) {
    if (offlineRoot.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !offlineRoot.startsWith("file:")) {
      return Optional.empty();
    }
    Path root =
        offlineRoot.startsWith("file:") ? Path.of(URI.create(offlineRoot)) : Path.of(offlineRoot);
    Path table =
        root.resolve(view.project()).resolve(view.name() + SUFFIX).resolve("v" + view.version());
    return Files.isDirectory(table.resolve("_delta_log")) ? Optional.of(table) : Optional.empty();
  }

  /** The late-events table of {@code view}, whose source {@code program} was compiled against. */
  public static FeatureView table(FeatureView view, ViewProgram program) {
    List<JoinKey> keys = new ArrayList<>();
    List<Feature> columns = new ArrayList<>();
    for (int i = 0; i < program.columnNames().size(); i++) {
      String name = program.columnNames().get(i);
      if (program.joinKeyColumns().contains(i)) {
        continue;
      }
      columns.add(new Feature(name, program.columnTypes().get(i), name, null, null, null));
    }
    for (int c : program.joinKeyColumns()) {
      keys.add(new JoinKey(program.columnNames().get(c), program.columnTypes().get(c)));
    }
    return FeatureView.builder()
        .project(view.project())
        .name(view.name() + SUFFIX)
        .version(view.version())
        .entities(view.entities())
        .joinKeys(keys)
        .features(columns)
        .build();
  }

  /** An event as a row of the late-events table. */
  public FeatureRow row(Event e) {
    List<Object> values = new ArrayList<>(e.columns().size());
    for (int i = 0; i < e.columns().size(); i++) {
      if (!program.joinKeyColumns().contains(i)) {
        values.add(e.columns().get(i));
      }
    }
    return new FeatureRow(program.entity(e), e.eventTimeMicros(), values);
  }
}
