package dev.larder.pipelines.training;

/**
 * One side's row of the Flink point-in-time join: an entity row (its position in the entity file
 * and its time) or a view row (its position among the view's rows, event time, created time and
 * sequence number). A Flink POJO: public fields, a no-argument constructor.
 */
public final class JoinRow {
  /** The entity id, the join's key. */
  public int key;

  /** The row's position on its side. */
  public int index;

  /** An entity row's time, or a view row's event time; microseconds since the epoch. */
  public long time;

  /** A view row's created time, microseconds since the epoch. */
  public long created;

  /** A view row's sequence number, the last tie-breaker. */
  public long sequence;

  public JoinRow() {}

  JoinRow(int key, int index, long time, long created, long sequence) {
    this.key = key;
    this.index = index;
    this.time = time;
    this.created = created;
    this.sequence = sequence;
  }
}
