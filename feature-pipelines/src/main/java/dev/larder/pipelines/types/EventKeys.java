package dev.larder.pipelines.types;

import dev.larder.pipelines.transform.Deduplication;
import dev.larder.pipelines.transform.Event;
import org.apache.flink.api.java.functions.KeySelector;

/** The keys the pipelines partition events by; both are strings. */
public final class EventKeys {

  private EventKeys() {}

  /** By id value ({@link Deduplication#idKey}), for dedup. */
  public static KeySelector<Event, String> byId() {
    return new ById();
  }

  /** By entity, for aggregation. */
  public static KeySelector<Event, String> byEntity() {
    return new ByEntity();
  }

  private static final class ById implements KeySelector<Event, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Event e) {
      return String.valueOf(Deduplication.idKey(e.id()));
    }
  }

  private static final class ByEntity implements KeySelector<Event, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Event e) {
      return e.entityKey();
    }
  }
}
