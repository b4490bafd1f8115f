package dev.larder.pipelines.sink.delta;

import dev.larder.pipelines.transform.ViewSnapshot;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import java.io.Serializable;
import java.util.Map;

/**
 * A view's table in an offline store, in a form Flink can ship to its tasks.
 *
 * @param view the view whose table it is
 * @param offlineRoot the offline store root: a local directory or a Hadoop file system URI
 * @param hadoopProperties Hadoop settings for the store (credentials, endpoints)
 */
public record TableTarget(
    ViewSnapshot view, String offlineRoot, Map<String, String> hadoopProperties)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public TableTarget {
    hadoopProperties = Map.copyOf(hadoopProperties);
  }

  public static TableTarget of(FeatureView view, String offlineRoot, Map<String, String> hadoop) {
    return new TableTarget(ViewSnapshot.of(view), offlineRoot, hadoop);
  }

  /** The offline store under a root, with Hadoop settings. */
  public static OfflineStore open(String offlineRoot, Map<String, String> hadoopProperties) {
    return DeltaOfflineStores.open(
        DeltaOfflineStoreOptions.builder()
            .root(offlineRoot)
            .hadoopProperties(hadoopProperties)
            .build());
  }

  /** The store holding the table; cheap, holds nothing that needs closing. */
  public OfflineStore store() {
    return open(offlineRoot, hadoopProperties);
  }

  public FeatureView featureView() {
    return view.view();
  }
}
